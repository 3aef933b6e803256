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
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelErrors("ssl:127.0.0.1:6640"));

        channel.pipeline().fireExceptionCaught(new SocketException("Connection reset"));

        assertThat(channel.isOpen()).isFalse();
        assertThat(CloseReason.of(channel)).isEqualTo("the switch closed the session");
    }

    @Test
    void anotherIoErrorClosesTheSessionNamingIt() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelErrors("ssl:127.0.0.1:6640"));

        channel.pipeline().fireExceptionCaught(new IOException("No route to host"));

        assertThat(channel.isOpen()).isFalse();
        assertThat(CloseReason.of(channel)).isEqualTo("No route to host");
    }
}
