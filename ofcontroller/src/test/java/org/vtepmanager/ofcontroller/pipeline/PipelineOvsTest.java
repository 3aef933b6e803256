package org.vtepmanager.ofcontroller.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.ofcontroller.Await;
import org.vtepmanager.ofcontroller.OfMessages;
import org.vtepmanager.ofcontroller.OpenFlowConfig;
import org.vtepmanager.ofcontroller.OpenFlowServer;
import org.vtepmanager.ofcontroller.OpenFlowSwitch;
import org.vtepmanager.ofcontroller.RealOvs;

/**
 * The pipeline installed into a real Open vSwitch (dummy datapath) and proven with {@code ofproto/trace}: where a
 * frame goes is asked of the switch itself, not read from our own flow text.
 */
class PipelineOvsTest {

    private static final Vni VNI_A = Vni.of(5000);
    private static final Vni VNI_B = Vni.of(6000);
    private static final MacAddress VM1 = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress VM2 = MacAddress.parse("02:00:00:00:00:02");
    private static final MacAddress REMOTE = MacAddress.parse("02:00:00:00:00:03");

    private final ExecutorService callbacks = Executors.newSingleThreadExecutor();
    private final OFFactory of = new OfMessages().factory();
    private final FlowPipeline pipeline = new FlowPipeline(of);
    private OpenFlowServer server;
    private RealOvs ovs;
    private OpenFlowSwitch sw;
    /** The model of the switch as the pipeline was sent to it. */
    private InstalledSwitch sent;

    /** p1 untagged in A; p2 carries VLAN 100 (A) and VLAN 200 (B); tunnels 10 (A) and 11 (A, B). */
    private final SwitchContext context = new SwitchContext(
            List.of(new SwitchContext.Binding(OFPort.of(1), 0, VNI_A),
                    new SwitchContext.Binding(OFPort.of(2), 100, VNI_A),
                    new SwitchContext.Binding(OFPort.of(2), 200, VNI_B)),
            Map.of(VNI_A, Set.of(OFPort.of(10), OFPort.of(11)), VNI_B, Set.of(OFPort.of(11))),
            List.of(new SwitchContext.LocalMac(VNI_A, VM1, OFPort.of(1), 0, true),
                    new SwitchContext.LocalMac(VNI_A, VM2, OFPort.of(2), 100, false),
                    new SwitchContext.RemoteMac(VNI_A, REMOTE, OFPort.of(10))),
            300);

    @BeforeEach
    void connect() throws Exception {
        ovs = RealOvs.start();
        server = new OpenFlowServer(OpenFlowConfig.listeningOn(new InetSocketAddress("127.0.0.1", 0)), callbacks);
        int port = server.start().getPort();
        ovs.addBridge("br0", port, "p1");
        ovs.addPort("br0", "p2", 2);
        ovs.addTunnelPort("br0", "vx1", "192.0.2.2", 10);
        ovs.addTunnelPort("br0", "vx2", "192.0.2.3", 11);
        Await.until(Duration.ofSeconds(10), "br0 connected", () -> !server.getSwitches().isEmpty());
        sw = server.getSwitches().iterator().next();
        sent = new InstalledSwitch();
        SwitchDiff diff = SwitchDiff.between(sent, pipeline.desired(context), of);
        sw.send(diff.messages()).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        if (ovs != null) {
            ovs.close();
        }
        callbacks.shutdownNow();
    }

    @Test
    void whatTheSwitchReportsBackIsExactlyWhatWasDesiredSoAReconcileSendsNothing() throws Exception {
        InstalledSwitch installed = new InstalledSwitch();
        installed.readFlows(flowsHeld());
        installed.readGroups(groupsHeld());

        SwitchDiff again = SwitchDiff.between(installed, pipeline.desired(context), of);

        assertThat(installed.flowCount()).isEqualTo(pipeline.desired(context).flows().size());
        assertThat(again.messages()).as("messages a second reconcile would send").isEmpty();
    }

    /** A switch read back after a restart keeps its remote entries as compact as those it was sent. */
    @Test
    void theRemoteEntryTheSwitchReportsBackIsRecognisedAsOneAndNothingElseIs() throws Exception {
        List<FlowKey> recognised = new ArrayList<>();
        for (OFFlowStatsEntry flow : flowsHeld()) {
            FlowKey key = new FlowKey(flow.getTableId(), flow.getPriority(), flow.getMatch());
            if (DestinationTable.isRemoteEntry(key, flow.getCookie().getValue(), flow.getIdleTimeout())) {
                recognised.add(key);
            }
        }

        assertThat(recognised).extracting(FlowKey::mac)
                .containsExactly(new PipelineSpec.MacKey(VNI_A.value(), REMOTE.bits()));
    }

    /** Every flow the switch reports holding, in every table. */
    /**
     * Tags pushed and popped, tunnel ids set, groups of tagged and tunnel buckets, an ARP entry to the controller:
     * the switch reports every one as it was sent, so a comparison finds nothing until someone changes one.
     */
    @Test
    void comparedWithTheModelAsSentTheSwitchDiffersOnlyOnceAFlowIsChangedByHand() throws Exception {
        InstalledSwitch.Differences asSent = InstalledSwitchTest.compare(sent, flowsHeld(), groupsHeld());

        ovs.ofctl("mod-flows", "br0", "--strict", "table=2,priority=0,actions=controller");

        assertThat(asSent.none()).as("differences from the model as sent: %s", asSent).isTrue();
        assertThat(InstalledSwitchTest.compare(sent, flowsHeld(), groupsHeld()))
                .as("after one flow was changed by hand")
                .isEqualTo(new InstalledSwitch.Differences(1, 0));
    }

    private List<OFGroupDescStatsEntry> groupsHeld() throws Exception {
        return sw.sendRequest(of.buildGroupDescStatsRequest().build()).get(10, TimeUnit.SECONDS).stream()
                .flatMap(reply -> reply.getEntries().stream()).toList();
    }

    private List<OFFlowStatsEntry> flowsHeld() throws Exception {
        return sw.sendRequest(of.buildFlowStatsRequest().setTableId(TableId.ALL).setOutPort(OFPort.ANY)
                        .setOutGroup(OFGroup.ANY).build()).get(10, TimeUnit.SECONDS).stream()
                .flatMap(reply -> reply.getEntries().stream()).toList();
    }

    @Test
    void broadcastFromALocalPortReachesEveryLocalPortOfItsVniTaggedAndEveryTunnelWithTheVni() {
        String trace = trace("in_port=1,dl_src=02:00:00:00:00:01,dl_dst=ff:ff:ff:ff:ff:ff");

        assertThat(trace).contains("push_vlan:0x8100", "set_field:4196->vlan_vid", "output:2");
        assertThat(trace).contains("set_field:0x1388->tun_id", "output:10", "output:11");
        assertThat(trace).doesNotContain("vlan_vid=200", "set_field:4296->vlan_vid");
    }

    @Test
    void broadcastFromATunnelReachesLocalPortsOnlySplitHorizon() {
        String trace = trace("in_port=10,tun_id=0x1388,dl_src=02:00:00:00:00:03,dl_dst=ff:ff:ff:ff:ff:ff");

        assertThat(trace).contains("output:1", "output:2").doesNotContain("output:11", "set_field:0x1388->tun_id");
    }

    @Test
    void aTaggedFrameFromATunnelIsDropped() {
        assertThat(datapathActions(trace("in_port=10,tun_id=0x1388,dl_vlan=7,dl_src=02:00:00:00:00:03,"
                + "dl_dst=ff:ff:ff:ff:ff:ff"))).isEqualTo("drop");
    }

    @Test
    void aPriorityTaggedFrameOnAnUntaggedBindingIsTakenAsUntaggedAndLeavesWithoutItsTag() {
        String trace = trace("in_port=1,dl_vlan=0,dl_vlan_pcp=5,dl_src=02:00:00:00:00:01,dl_dst=ff:ff:ff:ff:ff:ff");

        assertThat(trace).contains("pop_vlan", "set_field:4196->vlan_vid", "output:2", "set_field:0x1388->tun_id",
                "output:10", "output:11");
        assertThat(datapathActions(trace)).doesNotContain("vid=0,");
    }

    @Test
    void aPriorityTaggedFrameOnAPortWithOnlyTaggedBindingsIsDropped() {
        assertThat(datapathActions(trace("in_port=2,dl_vlan=0,dl_vlan_pcp=5,dl_src=02:00:00:00:00:07,"
                + "dl_dst=ff:ff:ff:ff:ff:ff"))).isEqualTo("drop");
    }

    @Test
    void anUnboundPortOrVlanIsDropped() {
        assertThat(datapathActions(trace("in_port=1,dl_vlan=100,dl_src=02:00:00:00:00:01,dl_dst=ff:ff:ff:ff:ff:ff")))
                .isEqualTo("drop");
    }

    @Test
    void knownDestinationsGoToTheirLocalPortOrTunnelOnly() {
        assertThat(trace("in_port=1,dl_src=02:00:00:00:00:01,dl_dst=02:00:00:00:00:02"))
                .contains("set_field:4196->vlan_vid", "output:2").doesNotContain("output:10", "group:");
        assertThat(trace("in_port=1,dl_src=02:00:00:00:00:01,dl_dst=02:00:00:00:00:03"))
                .contains("set_field:0x1388->tun_id", "output:10").doesNotContain("output:11", "output:2");
    }

    @Test
    void anUnknownSourceIsCopiedToTheControllerAndAKnownOneIsNot() {
        assertThat(trace("in_port=2,dl_vlan=100,dl_src=02:00:00:00:00:77,dl_dst=02:00:00:00:00:01"))
                .contains("CONTROLLER", "output:1");
        assertThat(trace("in_port=1,dl_src=02:00:00:00:00:01,dl_dst=02:00:00:00:00:02")).doesNotContain("CONTROLLER");
    }

    /**
     * The controller answers or floods a broadcast request itself; without one connected (the manager down), the
     * switch floods it into the network, tunnels included, so hosts still find new neighbours.
     */
    @Test
    void arpRequestsFromLocalPortsGoToTheControllerOnlyWhileItIsConnectedAndAreFloodedWhileItIsNot() {
        String request = "in_port=1,dl_src=02:00:00:00:00:01,dl_dst=ff:ff:ff:ff:ff:ff,arp,arp_op=1,"
                + "arp_spa=10.0.0.1,arp_tpa=10.0.0.2";
        assertThat(trace(request)).contains("CONTROLLER").doesNotContain("output:2", "output:10");

        server.close();
        Await.until(Duration.ofSeconds(10), "the request flooded", () -> trace(request).contains("output:10"));

        String flooded = trace(request);
        assertThat(flooded).contains("set_field:4196->vlan_vid", "output:2", "set_field:0x1388->tun_id", "output:10",
                "output:11");
        assertThat(datapathActions(flooded)).doesNotContain("controller");
    }

    @Test
    void aUnicastArpRequestGoesToItsTargetLikeAnyFrameAndNotToTheController() {
        assertThat(trace("in_port=1,dl_src=02:00:00:00:00:01,dl_dst=02:00:00:00:00:02,arp,arp_op=1,"
                + "arp_spa=10.0.0.1,arp_tpa=10.0.0.2")).contains("output:2").doesNotContain("CONTROLLER");
        assertThat(trace("in_port=1,dl_src=02:00:00:00:00:01,dl_dst=02:00:00:00:00:03,arp,arp_op=1,"
                + "arp_spa=10.0.0.1,arp_tpa=10.0.0.3")).contains("output:10").doesNotContain("CONTROLLER");
    }

    @Test
    void anArpReplyFromALocalPortGoesToTheControllerAndOnToItsTargetButOneFromATunnelDoesNot() {
        assertThat(trace("in_port=1,dl_src=02:00:00:00:00:01,dl_dst=02:00:00:00:00:02,arp,arp_op=2,"
                + "arp_spa=10.0.0.1,arp_tpa=10.0.0.2")).contains("CONTROLLER", "output:2");
        assertThat(trace("in_port=10,tun_id=0x1388,dl_src=02:00:00:00:00:03,dl_dst=02:00:00:00:00:01,arp,arp_op=2,"
                + "arp_spa=10.0.0.3,arp_tpa=10.0.0.1")).contains("output:1").doesNotContain("CONTROLLER");
    }

    private String trace(String flow) {
        return ovs.appctl("ofproto/trace", "br0", flow);
    }

    private static String datapathActions(String trace) {
        return trace.lines().filter(line -> line.startsWith("Datapath actions:"))
                .map(line -> line.substring("Datapath actions:".length()).strip()).findFirst().orElse("");
    }
}
