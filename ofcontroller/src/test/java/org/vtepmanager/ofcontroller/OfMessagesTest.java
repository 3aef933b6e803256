package org.vtepmanager.ofcontroller;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;

/** Also proves that openflowj works on the project's pinned Netty and Guava, which are newer than it was built with. */
class OfMessagesTest {

    private final OfMessages messages = new OfMessages();

    @Test
    void helloOffersOnlyOpenFlow13OnTheWire() throws Exception {
        ByteBuf wire = Unpooled.buffer();
        messages.hello().writeTo(wire);

        assertThat(wire.getByte(0)).as("header version").isEqualTo((byte) 0x04);
        assertThat(wire.getByte(1)).as("OFPT_HELLO").isEqualTo((byte) 0);
        assertThat(wire.getUnsignedShort(2)).as("length: header + one bitmap element").isEqualTo(16);
        assertThat(wire.getInt(12)).as("bitmap with only bit 4 set").isEqualTo(1 << 4);

        OFMessage decoded = OFFactories.getGenericReader().readFrom(wire);
        assertThat(decoded).isInstanceOf(OFHello.class);
        assertThat(decoded.getVersion()).isEqualTo(OFVersion.OF_13);
        OFHelloElemVersionbitmap bitmap = (OFHelloElemVersionbitmap) ((OFHello) decoded).getElements().get(0);
        assertThat(bitmap.getBitmaps().get(0).getValue()).isEqualTo(1L << 4);
    }
}
