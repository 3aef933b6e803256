package org.vtepmanager.ovsdb.session;

import io.netty.channel.Channel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.AttributeKey;

/**
 * Why an OVSDB channel closed, kept on the channel: the requests the close fails then say why (a VTEP's problem
 * reads "it speaks TLS", not the library's "Connection for this client is closed.").
 */
final class CloseReason {

    private static final AttributeKey<String> REASON = AttributeKey.valueOf(CloseReason.class, "reason");
    private static final AttributeKey<Boolean> HEARD = AttributeKey.valueOf(CloseReason.class, "heard");
    private static final AttributeKey<Boolean> TLS = AttributeKey.valueOf(CloseReason.class, "tls");

    private CloseReason() {
    }

    /** Closes the channel; the first reason given is the one kept. */
    static void close(Channel channel, String reason) {
        channel.attr(REASON).setIfAbsent(reason);
        channel.close();
    }

    /**
     * The session runs in TLS: a close without a word then says nothing of TLS. Kept on the channel, because its
     * handlers are gone once it has closed.
     */
    static void inTls(Channel channel) {
        channel.attr(TLS).set(Boolean.TRUE);
    }

    /** The peer sent something: a close without a word is worth a hint, one after it is not. */
    static void heard(Channel channel) {
        channel.attr(HEARD).set(Boolean.TRUE);
    }

    /** Ours when we closed it; otherwise the switch did. */
    static String of(Channel channel) {
        String ours = channel.attr(REASON).get();
        if (ours != null) {
            return ours;
        }
        boolean plainTcp = channel instanceof SocketChannel && channel.attr(TLS).get() == null;
        if (channel.attr(HEARD).get() == null && plainTcp) {
            return "the switch closed the session without sending a byte, as one expecting TLS (an ssl: or pssl: "
                    + "remote) does: dial it as ssl:, or have it dial --ovsdb-listen pssl:";
        }
        return "the switch closed the session";
    }
}
