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

/** The generator's reading of flow-mods: a simulated switch counts its flows by their commands. */
class OfWireTest {

    private static final OFFactory OF = new OfMessages().factory();
    private static final Match BY_SOURCE = OF.buildMatch()
            .setExact(MatchField.ETH_SRC, MacAddress.of(0x0200_0000_0001L)).build();

    @Test
    void anAddIsReadWithItsSourceMac() {
        OfWire.FlowModSeen add = read(OF.buildFlowAdd().setTableId(TableId.of(1)).setPriority(100).setMatch(BY_SOURCE)
                .setIdleTimeout(300).build());

        assertThat(add.command()).isEqualTo(OfWire.FlowModSeen.ADD);
        assertThat(add.ethSrc()).isEqualTo(0x0200_0000_0001L);
    }

    @Test
    void deletesAreReadStrictOrNotAndAMatchWithoutSourceMacSaysSo() {
        OfWire.FlowModSeen strict = read(OF.buildFlowDeleteStrict().setTableId(TableId.of(1)).setPriority(100)
                .setMatch(BY_SOURCE).build());
        OfWire.FlowModSeen all = read(OF.buildFlowDelete().setTableId(TableId.ALL).setMatch(OF.matchWildcardAll())
                .build());

        assertThat(strict.command()).isEqualTo(OfWire.FlowModSeen.DELETE_STRICT);
        assertThat(all.command()).isEqualTo(OfWire.FlowModSeen.DELETE);
        assertThat(all.ethSrc()).isEqualTo(OfWire.FlowModSeen.NO_ETH_SRC);
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
