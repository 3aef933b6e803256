package org.vtepmanager.ofcontroller;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The reasons given for TLS failures a real switch does not produce; {@link OpenFlowServerTlsOvsTest} has the rest. */
class TlsFailureHandlerTest {

    @Test
    void aRecordThatIsNeitherTlsNorOpenFlowIsNamedByItsFirstByte() {
        DecoderException cause = new DecoderException(new NotSslRecordException("not an SSL/TLS record: 474554"));

        Throwable explained = TlsFailureHandler.explained(cause);

        assertThat(explained).hasMessage("not a TLS record (first byte 0x47): this listener takes TLS only");
    }

    @Test
    void aRecordNettyDescribesOtherwiseStillSaysTlsOnly() {
        Throwable explained = TlsFailureHandler.explained(new NotSslRecordException("something else"));

        assertThat(explained).hasMessage("not a TLS record: this listener takes TLS only");
    }

    @Test
    void aHandshakeFailureWrappedByTheDecoderNamesTheEngineReasonAndTheCertificates() {
        DecoderException cause = new DecoderException(new SSLHandshakeException("Empty client certificate chain"));

        Throwable explained = TlsFailureHandler.explained(cause);

        assertThat(explained).hasMessageStartingWith("TLS handshake failed: Empty client certificate chain (")
                .hasMessageContaining("--tls-ca-cert").hasMessageContaining("set-ssl KEY CERT CACERT")
                .hasCause(cause);
    }

    @Test
    void otherFailuresPassUnchanged() {
        IOException reset = new IOException("Connection reset by peer");

        assertThat(TlsFailureHandler.explained(reset)).isSameAs(reset);
    }
}
