package org.vtepmanager.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.TableId;
import org.vtepmanager.ofcontroller.OfMessages;

/** The generator's reading of flow-mods, which a simulated switch counts its flows by. */
class OfWireTest {

    private static final OFFactory OF = new OfMessages().factory();
    private static final Match BY_SOURCE = OF.buildMatch()
            .setExact(MatchField.ETH_SRC, MacAddress.of(0x0200_0000_0001L)).build();

    @Test
    void anAddAndAStrictDeleteOfOneFlowNameTheSameFlowAndTheAddCarriesItsSourceMac() {
        OfWire.FlowModSeen add = read(OF.buildFlowAdd().setTableId(TableId.of(1)).setPriority(100).setMatch(BY_SOURCE)
                .setIdleTimeout(300).build());
        OfWire.FlowModSeen delete = read(OF.buildFlowDeleteStrict().setTableId(TableId.of(1)).setPriority(100)
                .setMatch(BY_SOURCE).build());

        assertThat(add.command()).isEqualTo(OfWire.FlowModSeen.ADD);
        assertThat(delete.command()).isEqualTo(OfWire.FlowModSeen.DELETE_STRICT);
        assertThat(delete.flow()).as("the flow a strict delete names").isEqualTo(add.flow());
        assertThat(add.ethSrc()).isEqualTo(0x0200_0000_0001L);
    }

    @Test
    void anotherTablePriorityOrMatchIsAnotherFlow() {
        long flow = read(OF.buildFlowAdd().setTableId(TableId.of(1)).setPriority(100).setMatch(BY_SOURCE).build())
                .flow();

        assertThat(read(OF.buildFlowAdd().setTableId(TableId.of(2)).setPriority(100).setMatch(BY_SOURCE).build())
                .flow()).isNotEqualTo(flow);
        assertThat(read(OF.buildFlowAdd().setTableId(TableId.of(1)).setPriority(101).setMatch(BY_SOURCE).build())
                .flow()).isNotEqualTo(flow);
        assertThat(read(OF.buildFlowAdd().setTableId(TableId.of(1)).setPriority(100).setMatch(OF.buildMatch()
                .setExact(MatchField.ETH_SRC, MacAddress.of(0x0200_0000_0002L)).build()).build()).flow())
                .isNotEqualTo(flow);
    }

    private static OfWire.FlowModSeen read(OFFlowMod flowMod) {
        EmbeddedChannel channel = new EmbeddedChannel();
        OfWire.install(channel.pipeline());
        ByteBuf bytes = Unpooled.buffer();
        flowMod.writeTo(bytes);
        channel.writeInbound(bytes);
        OfWire.FlowModSeen seen = channel.readInbound();
        channel.finishAndReleaseAll();
        return seen;
    }
}
