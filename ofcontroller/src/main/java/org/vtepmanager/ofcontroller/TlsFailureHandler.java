package org.vtepmanager.ofcontroller;

import com.google.common.base.Throwables;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;

/**
 * Sits right after the {@code tls} handler and turns its failures into reasons that say which side is
 * misconfigured and how to fix it, as {@link OfFrameDecoder} does for what is not OpenFlow: Netty's own exceptions
 * name only the TLS error. The session logs the reason with the peer's address and closes that connection, as for
 * every other failure.
 */
@ChannelHandler.Sharable
final class TlsFailureHandler extends ChannelInboundHandlerAdapter {

    /** Netty gives the bytes only as a hex dump in the message; were that to change, the reason loses the byte. */
    private static final Pattern FIRST_BYTE = Pattern.compile("not an SSL/TLS record: ([0-9a-fA-F]{2})");
    private static final String TRUST_HINT = " (the switch's certificate must be signed by the CA given to the"
            + " manager (--tls-ca-cert), and the manager's certificate by the CA the switch trusts"
            + " (ovs-vsctl set-ssl KEY CERT CACERT))";

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.fireExceptionCaught(explained(cause));
    }

    static Throwable explained(Throwable cause) {
        Optional<NotSslRecordException> notTls = inChain(cause, NotSslRecordException.class);
        if (notTls.isPresent()) {
            return new TlsFailureException(notTlsReason(notTls.get()), cause);
        }
        return inChain(cause, SSLHandshakeException.class)
                .<Throwable>map(failure -> new TlsFailureException("TLS handshake failed: " + failure.getMessage()
                        + TRUST_HINT, cause))
                .orElse(cause);
    }

    private static String notTlsReason(NotSslRecordException notTls) {
        Matcher matcher = FIRST_BYTE.matcher(String.valueOf(notTls.getMessage()));
        if (!matcher.lookingAt()) {
            return "not a TLS record: this listener takes TLS only";
        }
        int first = Integer.parseInt(matcher.group(1), 16);
        if (OfFrameDecoder.isOpenFlowVersion(first)) {
            return String.format("not a TLS record but OpenFlow (version byte 0x%02x): the switch's controller is"
                    + " tcp:, and this listener takes TLS only (ovs-vsctl set-controller BRIDGE ssl:IP:PORT, and"
                    + " set-ssl KEY CERT CACERT)", first);
        }
        return String.format("not a TLS record (first byte 0x%02x): this listener takes TLS only", first);
    }

    /** The handler's exceptions arrive wrapped in the decoder's {@code DecoderException}. */
    private static <T extends Throwable> Optional<T> inChain(Throwable cause, Class<T> type) {
        return Throwables.getCausalChain(cause).stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    static final class TlsFailureException extends RuntimeException {
        TlsFailureException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
