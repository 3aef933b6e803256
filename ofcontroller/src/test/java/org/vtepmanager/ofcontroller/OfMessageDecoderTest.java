package org.vtepmanager.ofcontroller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFVersion;

class OfMessageDecoderTest {

    private static final String SKIPPED_FIRST = "Skipping experimenter message openflowj cannot decode; further ones "
            + "of this kind are skipped silently";

    private final EmbeddedChannel channel = new EmbeddedChannel(new OfMessageDecoder());
    private final LogCapture logs = new LogCapture();

    @AfterEach
    void closeLogs() {
        logs.close();
    }

    @Test
    void unknownExperimenterIsSkippedByItsLengthAndLoggedOncePerKind() {
        channel.writeInbound(experimenter(0x00abcdef, 7));
        channel.writeInbound(experimenter(0x00abcdef, 7));
        channel.writeInbound(experimenter(0x00abcdef, 8));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {4, 2, 0, 8, 0, 0, 0, 9}));

        assertThat(channel.<Object>readInbound()).isInstanceOf(OFEchoRequest.class);
        assertThat(channel.<Object>readInbound()).as("nothing else came through").isNull();
        assertThat(channel.isOpen()).isTrue();
        assertThat(logs.withMessage(SKIPPED_FIRST)).hasSize(2).allSatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.INFO);
            assertThat(LogCapture.keyValues(e)).containsEntry("experimenter", "0x00abcdef");
        });
    }

    @Test
    void wellFramedButUndecodableCoreMessageIsCorrupt() {
        // FEATURES_REPLY needs 32 bytes; this one is only its header.
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {4, 6, 0, 8, 0, 0, 0, 1})))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("type 6, length 8");
    }

    @Test
    void olderVersionsAreDecodedSoTheSessionCanAnswerThem() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 0, 0, 8, 0, 0, 0, 1}));

        OFHello hello = channel.readInbound();
        assertThat(hello.getVersion()).isEqualTo(OFVersion.OF_10);
    }

    private static io.netty.buffer.ByteBuf experimenter(int experimenter, int subtype) {
        return Unpooled.buffer().writeByte(4).writeByte(4).writeShort(20).writeInt(5).writeInt(experimenter)
                .writeInt(subtype).writeInt(0xdeadbeef);
    }
}
