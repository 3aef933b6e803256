package org.vtepmanager.ofcontroller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vtepmanager.ofcontroller.EmbeddedSwitch.FACTORY;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

class SharedEncodingsTest {

    private static final OFMessage FIRST = FACTORY.buildFlowAdd().setCookie(U64.of(1)).setTableId(TableId.of(1))
            .build();
    private static final OFMessage SECOND = FACTORY.buildFlowDeleteStrict().setCookie(U64.of(2))
            .setTableId(TableId.of(2)).build();

    @Test
    void aMessageWrittenAgainAndAgainIsTheLibrarysEncodingWithEachCallersXid() {
        for (SharedEncodings encodings : new SharedEncodings[] {new SharedEncodings(16), SharedEncodings.NONE}) {
            for (long xid = 1; xid <= 4; xid++) {
                assertThat(written(encodings, FIRST, xid)).isEqualTo(expected(FIRST, xid));
            }
        }
    }

    @Test
    void messagesThatShareTheOnlySlotEachGoOutAsThemselves() {
        SharedEncodings encodings = SharedEncodings.withSlots(1);

        for (OFMessage message : new OFMessage[] {FIRST, FIRST, SECOND, FIRST, FIRST, FIRST, SECOND, SECOND, SECOND}) {
            assertThat(written(encodings, message, 9)).as("%s", message).isEqualTo(expected(message, 9));
        }
    }

    @Test
    void slotsThatAreNotAPowerOfTwoAreRefused() {
        assertThatThrownBy(() -> SharedEncodings.withSlots(12)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12");
    }

    private static String written(SharedEncodings encodings, OFMessage message, long xid) {
        ByteBuf out = Unpooled.buffer();
        out.writeByte(0xee);
        encodings.write(message, xid, out);
        return ByteBufUtil.hexDump(out.skipBytes(1));
    }

    private static String expected(OFMessage message, long xid) {
        ByteBuf out = Unpooled.buffer();
        message.createBuilder().setXid(xid).build().writeTo(out);
        return ByteBufUtil.hexDump(out);
    }
}
