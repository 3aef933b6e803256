package org.vtepmanager.ofcontroller.southbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.PortVlan;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.mac.MacSource;
import org.vtepmanager.core.store.H2IntentStore;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.TunnelPortName;
import org.vtepmanager.core.topology.VtepObservation;
import org.vtepmanager.ofcontroller.Await;
import org.vtepmanager.ofcontroller.LogCapture;
import org.vtepmanager.ofcontroller.RealOvs;

/**
 * A MAC pass on real Open vSwitch: MACs learned behind one VTEP reach every other switch of their network in one
 * round. The switches reach that VTEP through the same tunnel port number, so the pass gives them one flow object
 * per MAC, which the IO thread encodes once the pass knows it shares and copies to the rest (SharedEncodings). A
 * burst larger than one pass takes is programmed whole by the passes that follow.
 */
class MacPassOvsTest {

    private static final Vni VNI = Vni.of(5000);
    private static final VtepId FAR = VtepId.of("tor");
    private static final String FAR_IP = "192.0.2.9";
    private static final int TUNNEL_TO_FAR = 20;
    private static final int SWITCHES = 5;
    private static final int MACS = 40;
    private static final Pattern DL_DST = Pattern.compile("dl_dst=([0-9a-f:]{17})");

    @TempDir
    Path dir;
    private final List<RealOvs> hypervisors = new ArrayList<>();
    private final LogCapture logs = new LogCapture();
    private SouthboundHarness manager;

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
        hypervisors.forEach(RealOvs::close);
        logs.close();
    }

    @Test
    void macsLearnedBehindOneVtepReachEverySwitchOfTheNetworkWhole() {
        startManagerWithSwitches();
        awaitProgrammedAsAWhole();
        Set<String> learned = learnBehindFarVtep(MACS);

        awaitEverySwitchHoldsEntriesTowards(learned);
        // A batch the switch rejects is healed by reading the switch again; the pass itself must have been right.
        assertThat(logs.withMessage("Switch reported an error")).as("errors the switches reported").isEmpty();
    }

    @Test
    void moreMacsThanOnePassTakesAreAllProgrammedWithoutAnotherLearn() {
        startManagerWithSwitches();
        awaitProgrammedAsAWhole();
        // All queued before any pass runs: the first pass takes its most, and must leave the rest to the next.
        CountDownLatch release = manager.hold();
        Set<String> learned = learnBehindFarVtep(OpenFlowSouthbound.MAX_MACS_PER_PASS + 100);
        release.countDown();

        awaitEverySwitchHoldsEntriesTowards(learned);
    }

    /** Programmed as a whole first: MACs known by then would come with it, not in a pass. */
    private void awaitProgrammedAsAWhole() {
        for (RealOvs ovs : hypervisors) {
            Await.until(Duration.ofSeconds(30), "the switch holds our flows", () -> ovs.ofctl("dump-flows", "br0")
                    .lines().anyMatch(flow -> flow.contains("table=0") && flow.contains("in_port=")));
        }
    }

    /** Learns {@code count} MACs behind {@link #FAR}; returns them as ovs-ofctl prints them. */
    private Set<String> learnBehindFarVtep(int count) {
        Set<String> learned = new HashSet<>();
        for (int i = 1; i <= count; i++) {
            MacAddress mac = MacAddress.parse(String.format("02:00:00:00:%02x:%02x", i >> 8, i & 0xFF));
            learned.add(mac.toString());
            manager.macs.learn(VNI, mac, new MacLocation.Remote(FAR), MacSource.LEARNED);
        }
        return learned;
    }

    private void awaitEverySwitchHoldsEntriesTowards(Set<String> learned) {
        for (int i = 0; i < SWITCHES; i++) {
            RealOvs ovs = hypervisors.get(i);
            Await.until(Duration.ofSeconds(60), "hv" + i + " holds an entry towards every MAC",
                    () -> entriesTowards(ovs, learned).size() == learned.size());
            assertThat(entriesTowards(ovs, learned)).as("hv%d's entries towards the far VTEP", i)
                    .allSatisfy(flow -> assertThat(flow).contains("table=2").contains("output:" + TUNNEL_TO_FAR)
                            .contains("set_field:0x" + Integer.toHexString(VNI.value()) + "->tun_id"));
        }
    }

    /** The flows that match one of {@code learned} as destination. */
    private static List<String> entriesTowards(RealOvs ovs, Set<String> learned) {
        return ovs.ofctl("dump-flows", "br0").lines().filter(flow -> {
            Matcher destination = DL_DST.matcher(flow);
            return destination.find() && learned.contains(destination.group(1));
        }).collect(Collectors.toList());
    }

    /** {@link #SWITCHES} hypervisors bound on p1 in one network, each with a tunnel to {@link #FAR} at port 20. */
    private void startManagerWithSwitches() {
        manager = new SouthboundHarness(dir, Duration.ofMinutes(5));
        H2IntentStore store = manager.store;
        store.apply(new IntentChange.CreateNetwork(new VirtualNetwork(VNI, "net", "", OptionalInt.empty())));
        store.apply(new IntentChange.RegisterVtep(new Vtep(FAR, VtepKind.HYPERVISOR, Optional.empty(),
                Optional.of(TunnelIp.parse(FAR_IP)))));
        manager.topology.reportVtep(new VtepObservation(FAR, ConnectionState.CONNECTED,
                Optional.of(TunnelIp.parse(FAR_IP)), OptionalLong.empty(), List.of(), List.of()));
        for (int i = 0; i < SWITCHES; i++) {
            VtepId vtep = VtepId.of("hv" + i);
            TunnelIp ip = TunnelIp.parse("192.0.2." + (i + 1));
            store.apply(new IntentChange.RegisterVtep(new Vtep(vtep, VtepKind.HYPERVISOR, Optional.empty(),
                    Optional.of(ip))));
            store.apply(new IntentChange.CreateBinding(new VlanBinding(
                    new PortVlan(vtep, PortName.of("p1"), VlanId.UNTAGGED), VNI)));
            RealOvs ovs = RealOvs.start();
            hypervisors.add(ovs);
            ovs.addBridge("br0", manager.openFlowPort, "p1");
            ovs.addTunnelPort("br0", TunnelPortName.of(FAR_IP), FAR_IP, TUNNEL_TO_FAR);
            manager.topology.reportVtep(new VtepObservation(vtep, ConnectionState.CONNECTED, Optional.of(ip),
                    OptionalLong.of(ovs.dpid("br0").getLong()), List.of(), List.of()));
        }
    }
}
