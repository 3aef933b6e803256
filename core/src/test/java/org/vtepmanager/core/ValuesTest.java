package org.vtepmanager.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

    @Test
    void vlanZeroIsUntaggedAndFourThousandNinetyFiveIsRefusedNamingTheField() {
        assertThat(VlanId.of(0).isUntagged()).isTrue();
        assertThat(VlanId.of(4094).value()).isEqualTo(4094);
        assertThatThrownBy(() -> VlanId.of(4095)).isInstanceOf(InvalidValueException.class)
                .hasMessage("vlan: 4095 is out of range 0..4094 (0 = untagged)");
    }

    @Test
    void vniErrorNamesFieldAndRange() {
        assertThatThrownBy(() -> Vni.of(0)).hasMessage("vni: 0 is out of range 1..16777215")
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("vni"));
    }

    @Test
    void macParsesEitherCaseAndPrintsLowerCaseColonForm() {
        MacAddress mac = MacAddress.parse("02:00:5E:00:53:0A");
        assertThat(mac.bits()).isEqualTo(0x02005e00530aL);
        assertThat(mac).hasToString("02:00:5e:00:53:0a");
        assertThat(MacAddress.parse("02-00-5e-00-53-0a")).isEqualTo(mac);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "02:00:5e:00:53", "02:00:5e:00:53:0g", "02:00:5e:00:53:0a:ff", "0200.5e00.530a",
        "\uff10\uff12:00:5e:00:53:01", "02:00-5e:00:53:01"})
    void malformedMacIsRefusedQuotingIt(String text) {
        assertThatThrownBy(() -> MacAddress.parse(text)).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("mac: '" + text + "' is not a MAC address");
    }

    @Test
    void groupBitMarksMulticastAndBroadcast() {
        assertThat(MacAddress.parse("01:00:5e:00:00:01").isMulticast()).isTrue();
        assertThat(MacAddress.parse("ff:ff:ff:ff:ff:ff").isMulticast()).isTrue();
        assertThat(MacAddress.parse("02:00:00:00:00:01").isMulticast()).isFalse();
    }

    @Test
    void tunnelIpTakesLiteralsOnlyAndNeverResolvesNames() {
        assertThat(TunnelIp.parse("192.0.2.1")).hasToString("192.0.2.1");
        assertThat(TunnelIp.parse("2001:db8::1")).hasToString("2001:db8:0:0:0:0:0:1");
        assertThatThrownBy(() -> TunnelIp.parse("localhost")).hasMessage(
                "tunnelIp: 'localhost' is not an IPv4 or IPv6 address");
        assertThatThrownBy(() -> TunnelIp.parse("192.0.2.256")).hasMessageStartingWith("tunnelIp:");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.0.0.0         | 0.0.0.0 is not a unicast address",
        "::              | 0:0:0:0:0:0:0:0 is not a unicast address",
        "224.0.0.1       | 224.0.0.1 is not a unicast address",
        "ff02::1         | ff02:0:0:0:0:0:0:1 is not a unicast address",
        "255.255.255.255 | 255.255.255.255 is not a unicast address",
        "127.0.0.1       | 127.0.0.1 is a loopback address, which no other VTEP can reach",
        "127.1.2.3       | 127.1.2.3 is a loopback address, which no other VTEP can reach",
        "::1             | 0:0:0:0:0:0:0:1 is a loopback address, which no other VTEP can reach",
    })
    void tunnelIpRefusesAddressesNoOtherVtepCouldSendTo(String text, String reason) {
        assertThatThrownBy(() -> TunnelIp.parse(text)).hasMessage("tunnelIp: " + reason);
    }

    @ParameterizedTest
    @CsvSource({
        "tcp:192.0.2.10:6640, tcp:192.0.2.10:6640",
        "tcp:192.0.2.10,      tcp:192.0.2.10:6640",
        "tcp:[2001:db8::1],   tcp:[2001:db8:0:0:0:0:0:1]:6640",
        "unix:/run/ovs/db.sock, unix:/run/ovs/db.sock",
        "ssl:192.0.2.10,      ssl:192.0.2.10:6640",
        "ssl:[2001:db8::1]:6641, ssl:[2001:db8:0:0:0:0:0:1]:6641",
    })
    void ovsdbTargetIsKeptInCanonicalForm(String text, String canonical) {
        assertThat(OvsdbAddress.parse(text).text()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ptcp:6640                | expected tcp:IP[:PORT], ssl:IP[:PORT] or unix:PATH",
        "tcp:switch1:6640         | 'switch1' is not an IPv4 or IPv6 address",
        "tcp:192.0.2.10:0         | port '0' is not a number in 1..65535",
        "tcp:192.0.2.10:x         | port 'x' is not a number in 1..65535",
        "tcp:[2001:db8::1         | unclosed '['",
        "unix:                    | expected tcp:IP[:PORT], ssl:IP[:PORT] or unix:PATH",
        "tcp:192.0.2.10:+80       | port '+80' is not a number in 1..65535",
        "tcp:192.0.2.10:６６４０     | port '６６４０' is not a number in 1..65535",
        "tcp:192.0.2.10:          | port '' is not a number in 1..65535",
        "ssl:switch1              | 'switch1' is not an IPv4 or IPv6 address",
        "pssl:6640                | expected tcp:IP[:PORT], ssl:IP[:PORT] or unix:PATH",
        "'unix: '                 | path ' ' is blank or starts or ends with white space",
        "'unix: /run/db.sock'     | path ' /run/db.sock' is blank or starts or ends with white space",
    })
    void badOvsdbTargetIsRefusedNamingFieldAndReason(String text, String reason) {
        assertThatThrownBy(() -> OvsdbAddress.parse(text)).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("ovsdbTarget: '" + text + "' is not an OVSDB target")
                .hasMessageContaining(reason);
    }

    @Test
    void unixPathWithANewlineOrAControlCharacterIsRefused() {
        assertThatThrownBy(() -> OvsdbAddress.parse("unix:/run/db.sock\n")).isInstanceOf(InvalidValueException.class)
                .hasMessageEndingWith("path holds a control character");
        assertThatThrownBy(() -> OvsdbAddress.parse("unix:/run/\u0007db.sock"))
                .isInstanceOf(InvalidValueException.class).hasMessageEndingWith("path holds a control character");
    }

    @Test
    void vtepIdAndPortNameRefuseWhatWouldNeedEscaping() {
        assertThat(VtepId.of("tor-1.rack_2").value()).isEqualTo("tor-1.rack_2");
        assertThatThrownBy(() -> VtepId.of("hv 1")).hasMessageStartingWith("vtep: 'hv 1' is not a VTEP id");
        assertThatThrownBy(() -> VtepId.of("hv/1")).isInstanceOf(InvalidValueException.class);
        assertThat(PortName.of("Ethernet1/1").value()).isEqualTo("Ethernet1/1");
        assertThatThrownBy(() -> PortName.of("eth 1")).hasMessageStartingWith("port: 'eth 1' is not a port name");
        assertThatThrownBy(() -> PortName.of("eth\u00a01")).as("a no-break space")
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> PortName.of("eth\u007f1")).as("DEL").isInstanceOf(InvalidValueException.class);
    }

    @Test
    void vtepKindHasWireNamesAndRefusesOthers() {
        assertThat(VtepKind.parse("hypervisor")).isEqualTo(VtepKind.HYPERVISOR);
        assertThat(VtepKind.parse("hardware-vtep")).isEqualTo(VtepKind.HARDWARE_VTEP);
        assertThatThrownBy(() -> VtepKind.parse("router")).hasMessage(
                "kind: 'router' is not a VTEP kind (expected hypervisor or hardware-vtep)");
    }
}
