package org.vtepmanager.ovsdb.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

class ChannelErrorsTest {

    /** A switch killed with bytes of ours unread resets the connection: the same end as a close, said the same way. */
    @Test
    void aConnectionTheSwitchResetIsASessionTheSwitchClosed() {
        assertThat(closeReasonAfter(new SocketException("Connection reset")))
                .isEqualTo("the switch closed the session");
    }

    @Test
    void anotherIoErrorClosesTheSessionNamingIt() {
        assertThat(closeReasonAfter(new IOException("No route to host"))).isEqualTo("No route to host");
    }

    /** Why a session's channel was closed after {@code error} reached its last handler; fails if it was not. */
    private static String closeReasonAfter(Throwable error) {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelErrors("ssl:127.0.0.1:6640"));

        channel.pipeline().fireExceptionCaught(error);

        assertThat(channel.isOpen()).as("the channel after %s", error).isFalse();
        return CloseReason.of(channel);
    }
}
