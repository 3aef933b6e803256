package org.vtepmanager.ofcontroller.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.vtepmanager.core.Vni;
import org.vtepmanager.ofcontroller.OfMessages;

class FlowKeyTest {

    private final OFFactory of = new OfMessages().factory();

    private Match sourceEntry(long mac) {
        return of.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(3))
                .setMasked(MatchField.METADATA, OFMetadata.of(U64.of(5000)), OFMetadata.of(U64.of(0xFFFFFF)))
                .setExact(MatchField.ETH_SRC, MacAddress.of(mac)).build();
    }

    @Test
    void aMatchReadBackFromTheWireAddressesTheSameFlow() throws OFParseError {
        Match built = sourceEntry(0x0200_0000_0001L);
        ByteBuf wire = Unpooled.buffer();
        of.buildFlowAdd().setTableId(PipelineSpec.SOURCE).setPriority(100).setMatch(built).build().writeTo(wire);
        Match readBack = ((OFFlowMod) of.getReader().readFrom(wire)).getMatch();

        FlowKey ours = new FlowKey(PipelineSpec.SOURCE, 100, built);
        FlowKey switches = new FlowKey(PipelineSpec.SOURCE, 100, readBack);

        assertEquals(ours, switches);
        assertEquals(ours.hashCode(), switches.hashCode());
    }

    @Test
    void flowsDifferingOnlyInAFieldTheHashSkipsAreStillDifferent() {
        Match request = of.buildMatch().setExact(MatchField.ETH_TYPE, EthType.ARP)
                .setExact(MatchField.ARP_OP, ArpOpcode.REQUEST).build();
        Match reply = of.buildMatch().setExact(MatchField.ETH_TYPE, EthType.ARP)
                .setExact(MatchField.ARP_OP, ArpOpcode.REPLY).build();

        assertNotEquals(new FlowKey(PipelineSpec.DESTINATION, 200, request),
                new FlowKey(PipelineSpec.DESTINATION, 200, reply));
    }

    @Test
    void tableAndPriorityArePartOfTheIdentity() {
        Match match = sourceEntry(0x0200_0000_0002L);

        assertNotEquals(new FlowKey(PipelineSpec.SOURCE, 100, match), new FlowKey(TableId.of(2), 100, match));
        assertNotEquals(new FlowKey(PipelineSpec.SOURCE, 100, match), new FlowKey(PipelineSpec.SOURCE, 99, match));
    }

    @Test
    void aCompactMacEntryKeyEqualsTheFullKeyAndRebuildsTheSameMatch() throws OFParseError {
        Match built = sourceEntry(0x0200_0000_0003L);
        FlowKey full = new FlowKey(PipelineSpec.SOURCE, 100, built);
        ByteBuf wire = Unpooled.buffer();
        of.buildFlowAdd().setTableId(PipelineSpec.SOURCE).setPriority(100).setMatch(built).build().writeTo(wire);
        FlowKey readBack = new FlowKey(PipelineSpec.SOURCE, 100,
                ((OFFlowMod) of.getReader().readFrom(wire)).getMatch());

        FlowKey compact = compactOf(full);

        assertEquals(full, compact);
        assertEquals(compact, readBack);
        assertEquals(full.hashCode(), compact.hashCode());
        assertEquals(built, compact.match());
        assertEquals(new PipelineSpec.MacKey(5000, 0x0200_0000_0003L), compact.mac());
    }

    @Test
    void theKeyOfEachMacEntryBuiltFromItsFieldsEqualsTheKeyParsedFromItsMatch() {
        List<SwitchContext.MacRoute> routes = List.of(
                new SwitchContext.LocalMac(Vni.of(5000), new org.vtepmanager.core.MacAddress(0x0200_0000_0005L),
                        OFPort.of(3), 0, true),
                new SwitchContext.LocalMac(Vni.of(5001), new org.vtepmanager.core.MacAddress(0x0200_0000_0006L),
                        OFPort.of(4), 7, false),
                new SwitchContext.RemoteMac(Vni.of(5000), new org.vtepmanager.core.MacAddress(0x0200_0000_0007L),
                        OFPort.of(9)));

        List<SwitchContext.RemoteMacs> runs = List.of(new SwitchContext.RemoteMacs(Vni.of(5001),
                List.of(new org.vtepmanager.core.MacAddress(0x0200_0000_0008L)), OFPort.of(10)));

        DesiredSwitch desired = new FlowPipeline(of).macPass(300).flows(routes, runs);

        assertEquals(6, desired.flows().size(), "a source and a destination entry per local MAC, one per remote");
        desired.flows().forEach((key, flow) -> {
            FlowKey parsed = new FlowKey(flow.getTableId(), flow.getPriority(), flow.getMatch());
            assertEquals(parsed, key, flow.toString());
            assertEquals(parsed.hashCode(), key.hashCode(), flow.toString());
            assertEquals(parsed.mac(), key.mac(), flow.toString());
        });
    }

    @Test
    void aMatchWithAFieldBeyondAMacEntrysIsNotAMacEntryNorEqualToOne() {
        Match entry = sourceEntry(0x0200_0000_0004L);
        Match tagged = entry.createBuilder().setExact(MatchField.ETH_TYPE, EthType.IPv4).build();
        Match otherVni = entry.createBuilder()
                .setMasked(MatchField.METADATA, OFMetadata.of(U64.of(5001)), OFMetadata.of(U64.of(0xFFFFFF))).build();

        FlowKey plain = new FlowKey(PipelineSpec.SOURCE, 100, entry);
        FlowKey extra = new FlowKey(PipelineSpec.SOURCE, 100, tagged);

        assertNull(extra.mac());
        assertNotEquals(compactOf(plain), extra);
        assertNotEquals(compactOf(plain), new FlowKey(PipelineSpec.SOURCE, 100, otherVni));
        assertNull(new FlowKey(PipelineSpec.DESTINATION, 100, entry).mac(), "eth_src is no destination entry");
    }

    /** The key a switch's model rebuilds from the fields it keeps of a MAC entry. */
    private static FlowKey compactOf(FlowKey key) {
        return FlowKey.compactMacEntry(key.table(), key.priority(), key.inPort(), key.metadata(), key.metadataMask(),
                key.mac().mac());
    }
}
