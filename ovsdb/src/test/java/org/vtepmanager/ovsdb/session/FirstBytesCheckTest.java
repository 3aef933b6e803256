package org.vtepmanager.ovsdb.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a peer's first bytes say about it; the handler in a real session is proven in OvsdbSessionTest. */
class FirstBytesCheckTest {

    @Test
    void aJsonObjectIsOvsdb() {
        assertThat(foreign("{\"id\":1,\"result\":[]}")).isEmpty();
    }

    @Test
    void aTlsHandshakeOrAlertIsNamedTls() {
        assertThat(foreign(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00})).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("it speaks TLS").contains("use ssl: or pssl: on both ends"));
        assertThat(foreign(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02})).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("it speaks TLS"));
    }

    @Test
    void anOpenFlowHelloIsNamedOpenFlow() {
        assertThat(foreign(new byte[] {0x04, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x08}))
                .hasValue("it speaks OpenFlow (a HELLO of wire version 4): that is an OpenFlow port, not an OVSDB one");
    }

    @Test
    void httpIsQuotedByItsFirstLineAndNamed() {
        assertThat(foreign("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n"))
                .hasValue("it sent 'HTTP/1.1 400 Bad Request' (HTTP), not OVSDB's JSON-RPC");
        assertThat(foreign("GET / HTTP/1.1\r\n")).hasValue("it sent 'GET / HTTP/1.1' (HTTP), not OVSDB's JSON-RPC");
    }

    @Test
    void otherBytesAreQuotedReadablyAndCut() {
        assertThat(foreign(new byte[] {'S', 'S', 'H', 0x00, (byte) 0xff})).hasValue(
                "it sent 'SSH\\x00\\xff', not OVSDB's JSON-RPC");
        assertThat(foreign("x".repeat(100)).orElseThrow()).contains("'" + "x".repeat(40) + "'");
    }

    private static Optional<String> foreign(String text) {
        return foreign(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static Optional<String> foreign(byte[] bytes) {
        return FirstBytesCheck.foreignProtocol(Unpooled.wrappedBuffer(bytes));
    }
}
