package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OvsdbTargetTest {

    @Test
    void parsesTcpWithAndWithoutPort() {
        OvsdbTarget.Tcp explicit = (OvsdbTarget.Tcp) OvsdbTarget.parse("tcp:192.0.2.10:6641");
        assertThat(explicit.port()).isEqualTo(6641);
        assertThat(explicit.address().getHostAddress()).isEqualTo("192.0.2.10");
        assertThat(((OvsdbTarget.Tcp) OvsdbTarget.parse("tcp:192.0.2.10")).port()).isEqualTo(6640);
        assertThat(explicit.isActive()).isTrue();
    }

    @Test
    void parsesBracketedIpv6() {
        OvsdbTarget target = OvsdbTarget.parse("tcp:[::1]:6640");
        assertThat(target).hasToString("tcp:[0:0:0:0:0:0:0:1]:6640");
    }

    @Test
    void parsesUnixSocketPath() {
        assertThat(OvsdbTarget.parse("unix:/run/lab/db.sock"))
                .isEqualTo(new OvsdbTarget.Unix(Path.of("/run/lab/db.sock")));
    }

    @Test
    void parsesPassiveListenerDefaultingToAllAddresses() {
        OvsdbTarget.PassiveTcp listener = (OvsdbTarget.PassiveTcp) OvsdbTarget.parse("ptcp:6640");
        assertThat(listener.port()).isEqualTo(6640);
        assertThat(listener.bindAddress().isAnyLocalAddress()).isTrue();
        assertThat(listener.isActive()).isFalse();
        assertThat(OvsdbTarget.parse("ptcp:6641:127.0.0.1")).hasToString("ptcp:6641:127.0.0.1");
    }

    @Test
    void parsesSslAndPsslAsTheirTcpMethodsInTls() {
        OvsdbTarget.Tcp dialled = (OvsdbTarget.Tcp) OvsdbTarget.parse("ssl:192.0.2.10");
        assertThat(dialled.address().getHostAddress()).isEqualTo("192.0.2.10");
        assertThat(dialled.port()).isEqualTo(6640);
        assertThat(dialled).hasToString("ssl:192.0.2.10:6640");
        assertThat(dialled.usesTls()).isTrue();
        assertThat(OvsdbTarget.parse("tcp:192.0.2.10").usesTls()).isFalse();
        OvsdbTarget listener = OvsdbTarget.parse("pssl:6641:127.0.0.1");
        assertThat(listener).hasToString("pssl:6641:127.0.0.1");
        assertThat(listener.isActive()).isFalse();
        assertThat(listener.usesTls()).isTrue();
        assertThat(OvsdbTarget.parse("unix:/run/db.sock").usesTls()).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "192.0.2.1          | expected tcp:IP[:PORT]",
        "192.0.2.1:6640     | unknown method '192.0.2.1': expected tcp:IP[:PORT]",
        "tls:192.0.2.1:6640 | unknown method 'tls'",
        "ssl:switch1        | 'switch1' is not an IPv4 or IPv6 address",
        "pssl:              | missing port",
        "tcp:               | missing IP address",
        "tcp:10.0.0.1:0     | port '0' is not a number in 1..65535",
        "tcp:10.0.0.1:70000 | port '70000'",
        "tcp:10.0.0.1:abc   | port 'abc'",
        "tcp:switch1:6640   | 'switch1' is not an IPv4 or IPv6 address",
        "tcp:300.1.1.1      | '300.1.1.1' is not an IPv4",
        "tcp:::1:6640       | must be written in brackets",
        "tcp:[::1:6640      | unclosed '['",
        "unix:              | missing socket path",
        "ptcp:              | missing port",
        "tcp:10.0.0.1:+80   | port '+80' is not a number in 1..65535",
        "ptcp:-0            | port '-0' is not a number in 0..65535",
        "'unix: /run/db'    | path ' /run/db' is blank or starts or ends with white space",
    })
    void rejectsMalformedTargetsNamingTheTargetAndTheReason(String text, String reason) {
        assertThatThrownBy(() -> OvsdbTarget.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid OVSDB target '" + text + "'")
                .hasMessageContaining(reason);
    }
}
