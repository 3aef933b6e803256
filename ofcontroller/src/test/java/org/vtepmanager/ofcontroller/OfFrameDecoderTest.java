package org.vtepmanager.ofcontroller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFMessage;

class OfFrameDecoderTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new OfFrameDecoder(1024));

    @Test
    void coalescedMessagesAreSplitAndAPartialOneWaitsForTheRest() {
        ByteBuf hello = wire(EmbeddedSwitch.MESSAGES.hello());
        ByteBuf barrier = wire(EmbeddedSwitch.MESSAGES.barrier());
        ByteBuf stream = Unpooled.wrappedBuffer(hello.copy(), barrier.copy(), barrier.copy(0, 5));

        channel.writeInbound(stream);

        assertThat(frame()).isEqualTo(hello);
        assertThat(frame()).isEqualTo(barrier);
        assertThat((ByteBuf) channel.readInbound()).as("third message incomplete").isNull();

        channel.writeInbound(barrier.copy(5, 3));
        assertThat(frame()).isEqualTo(barrier);
    }

    @Test
    void headerLengthBelowTheHeaderSizeIsCorruptAndEverythingAfterItIsDiscarded() {
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {4, 0, 0, 4, 0, 0, 0, 1})))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("length 4");

        channel.writeInbound(wire(EmbeddedSwitch.MESSAGES.hello()));
        assertThat((ByteBuf) channel.readInbound()).isNull();
    }

    @Test
    void lengthAboveTheConfiguredMaximumIsCorrupt() {
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {4, 0, 0x04, 0x01})))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("length 1025");
    }

    @Test
    void bytesThatAreNotAnOpenFlowHeaderAreCorrupt() {
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer("GET /".getBytes())))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("version byte 0x47");
    }

    @Test
    void tlsAndJsonAreNamedForWhatTheyAre() {
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01, 0x02})))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("version byte 0x16 (a TLS record");
        EmbeddedChannel another = new EmbeddedChannel(new OfFrameDecoder(1024));
        assertThatThrownBy(() -> another.writeInbound(Unpooled.wrappedBuffer("{\"id\"".getBytes())))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("version byte 0x7b (JSON");
    }

    @Test
    void connectionClosedInsideAMessageIsReported() {
        channel.writeInbound(wire(EmbeddedSwitch.MESSAGES.hello()).copy(0, 10));

        assertThatThrownBy(channel::finish).isInstanceOf(CorruptedFrameException.class)
                .hasMessageContaining("closed inside a message, 10 bytes unread");
    }

    private ByteBuf frame() {
        ByteBuf frame = channel.readInbound();
        assertThat(frame).isNotNull();
        return frame;
    }

    private static ByteBuf wire(OFMessage message) {
        ByteBuf buf = Unpooled.buffer();
        message.writeTo(buf);
        return buf;
    }
}
