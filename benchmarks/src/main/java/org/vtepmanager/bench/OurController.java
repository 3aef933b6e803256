package org.vtepmanager.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.PortVlan;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.mac.MacFilter;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.store.H2IntentStore;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.SwitchPort;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.core.topology.TunnelPortName;
import org.vtepmanager.core.topology.VtepObservation;
import org.vtepmanager.ofcontroller.OfMessages;
import org.vtepmanager.ofcontroller.OpenFlowConfig;
import org.vtepmanager.ofcontroller.OpenFlowServer;
import org.vtepmanager.ofcontroller.pipeline.PipelineSpec;
import org.vtepmanager.ofcontroller.southbound.LearningSettings;
import org.vtepmanager.ofcontroller.southbound.OpenFlowSouthbound;
import org.vtepmanager.ovsdb.OvsdbSouthbound;
import org.vtepmanager.ovsdb.OvsdbTarget;
import org.vtepmanager.ovsdb.hypervisor.HypervisorSettings;
import org.vtepmanager.ovsdb.session.OvsdbTransport;
import org.vtepmanager.ovsdb.tor.TorSettings;

/**
 * The manager's OpenFlow side in this process, wired as the app wires it (one thread for the server's callbacks and
 * the southbound, and an OVSDB side with no switches listening to the same MAC tables), with intent for N
 * hypervisors: each one VTEP whose ports p1..p4 are bound untagged to its network's VNI, observed CONNECTED with
 * the datapath id its simulated switch will report. Switches are grouped into networks of {@code networkSize} (VNI
 * 5000, 5001, ...); a learn programs every switch of its network. With a ToR, one hardware_vtep database (a real
 * ovsdb-server) whose port p1 binds VLAN k+1 to network k, for every network: every MAC learned reaches it as a
 * Ucast_Macs_Remote row.
 */
final class OurController implements PacketInTarget {

    private static final int FIRST_VNI = 5000;
    /** The network the operator's intent changes create and delete; far above the VNIs of the benchmark's switches. */
    private static final Vni ELSEWHERE = Vni.of(9_000_000);
    static final int BOUND_PORTS = 4;
    private static final int FIRST_TUNNEL_PORT = 100;
    private static final VtepId TOR = VtepId.of("tor0");
    private static final String TOR_IP = "10.9.0.1";
    private static final int TOR_TUNNEL_PORT = 99;
    /**
     * The manager's flood protections are lifted, as ovs-testcontroller has none: with the defaults (4,096 MACs per
     * port, 20,000 packet-ins per second and switch) the benchmark would measure those limits, and it did: a switch
     * whose ports were full stopped being answered and its window stalled, which read as 2,000 learns/s.
     */
    private static final MacTableConfig UNLIMITED_MACS = new MacTableConfig(MacTableConfig.DEFAULTS.agingTime(),
            MacTableConfig.DEFAULTS.maxMoves(), MacTableConfig.DEFAULTS.moveWindow(),
            MacTableConfig.DEFAULTS.holdTime(), Integer.MAX_VALUE, Integer.MAX_VALUE);
    private static final LearningSettings LEARNING = new LearningSettings(300);
    /** A pass over many switches and MACs takes seconds; packet-ins queued behind it are cheap once switches left. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final OFFactory of = new OfMessages().factory();
    private final Path dir;
    private final H2IntentStore store;
    private final ExecutorService thread =
            Executors.newSingleThreadExecutor(Threads.daemon("openflow-southbound"));
    /**
     * The OVSDB side too, as the app wires it, with no switch to manage: it listens to the MAC tables and the
     * topology as in a running manager, so what it does per learn is measured with the learn.
     */
    private final ScheduledThreadPoolExecutor events =
            new ScheduledThreadPoolExecutor(1, Threads.daemon("ovsdb-events"));
    private final ExecutorService storeWriter = Executors.newSingleThreadExecutor();
    private final OvsdbTransport transport = new OvsdbTransport(events, OvsdbTransport.SessionSettings.DEFAULTS);
    private final OvsdbSouthbound ovsdb;
    private final OpenFlowServer server;
    private final InetSocketAddress address;

    private final int networkSize;
    private final MacTables macs;
    /** The ToR's database and a watch on it; null without a ToR. */
    private final OvsdbServerFarm torFarm;
    private final TorWatch torWatch;
    private final ScheduledExecutorService operator =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("bench-operator"));

    /**
     * {@code networkSize} 0 or at least {@code switches}: one network spanning every switch. {@code intentChangeEvery}
     * above zero: from the start, a network that no VTEP binds is created and deleted in turn at that period.
     * {@code withTor}: a ToR bound to every network, dialled by the manager's OVSDB side.
     */
    OurController(int switches, int networkSize, Duration intentChangeEvery, boolean withTor) {
        this.networkSize = networkSize <= 0 ? Math.max(switches, 1) : networkSize;
        dir = TempDirs.create("vtep-bench-packet-in-");
        store = H2IntentStore.open(dir);
        torFarm = withTor ? new OvsdbServerFarm() : null;
        OvsdbTarget torTarget = withTor ? torFarm.startTor(TOR.value(), TOR_IP, List.of("p1")) : null;
        torWatch = withTor ? new TorWatch(torTarget) : null;
        macs = MacTables.withSystemClocks(UNLIMITED_MACS);
        macs.load(store.current());
        store.addListener(macs);
        TopologyService topology = new TopologyService(store, macs, 1500);
        ovsdb = new OvsdbSouthbound(store, topology, macs, events, transport, HypervisorSettings.defaults(),
                TorSettings.defaults(), storeWriter);
        server = new OpenFlowServer(OpenFlowConfig.listeningOn(new InetSocketAddress("127.0.0.1", 0))
                .withPacketInLimit(Long.MAX_VALUE), thread);
        // The simulated switches keep no flows to be read back: a comparison would find each one empty and re-read
        // it. None would fall within a round at the production period anyway (a minute).
        server.addListener(new OpenFlowSouthbound(topology, macs, LEARNING, Duration.ZERO, thread));
        address = server.start();
        declare(switches);
        if (withTor) {
            declareTor(switches, torTarget);
        }
        ovsdb.start(List.of(), List.of());
        if (intentChangeEvery.toMillis() > 0) {
            operator.scheduleAtFixedRate(this::changeIntentElsewhere, intentChangeEvery.toMillis(),
                    intentChangeEvery.toMillis(), TimeUnit.MILLISECONDS);
        }
        // Each simulated switch reports its bound ports over "OVSDB", as a hypervisor does: a VTEP whose bound port is
        // missing has a problem, logged at WARN for every port of every switch.
        List<SwitchPort> bound = IntStream.rangeClosed(1, BOUND_PORTS)
                .mapToObj(port -> SwitchPort.plain("p" + port, port)).toList();
        for (int i = 0; i < switches; i++) {
            topology.reportVtep(new VtepObservation(vtep(i), ConnectionState.CONNECTED,
                    Optional.of(TunnelIp.parse(ip(i))), OptionalLong.of(dpid(i)), bound, List.of()));
        }
    }

    private void declare(int switches) {
        for (int i = 0; i < switches; i += networkSize) {
            store.apply(new IntentChange.CreateNetwork(new VirtualNetwork(vni(i), "bench" + i / networkSize, "",
                    OptionalInt.empty())));
        }
        for (int i = 0; i < switches; i++) {
            store.apply(new IntentChange.RegisterVtep(new Vtep(vtep(i), VtepKind.HYPERVISOR, Optional.empty(),
                    Optional.of(TunnelIp.parse(ip(i))))));
            for (int port = 1; port <= BOUND_PORTS; port++) {
                store.apply(new IntentChange.CreateBinding(new VlanBinding(
                        new PortVlan(vtep(i), PortName.of("p" + port), VlanId.UNTAGGED), vni(i))));
            }
        }
    }

    private void declareTor(int switches, OvsdbTarget target) {
        store.apply(new IntentChange.RegisterVtep(new Vtep(TOR, VtepKind.HARDWARE_VTEP,
                Optional.of(OvsdbAddress.parse(target.toString())), Optional.empty())));
        for (int i = 0; i < switches; i += networkSize) {
            store.apply(new IntentChange.CreateBinding(new VlanBinding(
                    new PortVlan(TOR, PortName.of("p1"), VlanId.of(1 + i / networkSize)), vni(i))));
        }
    }

    @Override
    public OptionalInt macsHeld() {
        return OptionalInt.of(macs.unsortedEntries(MacFilter.ALL).size());
    }

    @Override
    public Optional<TorProgress> tor() {
        return torWatch == null ? Optional.empty() : Optional.of(new TorProgress() {
            @Override
            public int remoteMacs() {
                return torWatch.remoteMacs();
            }

            @Override
            public int mustHold() {
                return macs.unsortedEntries(MacFilter.ALL).size();
            }
        });
    }

    private void changeIntentElsewhere() {
        if (store.current().networks().containsKey(ELSEWHERE)) {
            store.apply(new IntentChange.DeleteNetwork(ELSEWHERE));
        } else {
            store.apply(new IntentChange.CreateNetwork(new VirtualNetwork(ELSEWHERE, "elsewhere", "",
                    OptionalInt.empty())));
        }
    }

    private Vni vni(int index) {
        return Vni.of(FIRST_VNI + index / networkSize);
    }

    static long dpid(int index) {
        return 0x7600_0000_0000L + index;
    }

    private static VtepId vtep(int index) {
        return VtepId.of("sw" + index);
    }

    private static String ip(int index) {
        return "10.0." + (index / 250) + "." + (index % 250 + 1);
    }

    @Override
    public String key() {
        return "ours";
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    /**
     * p1..p4, then one VXLAN port per other switch (and to the ToR, if any), named as the manager names tunnels so
     * remote MACs resolve.
     */
    @Override
    public List<OFPortDesc> ports(int index, int switches) {
        List<OFPortDesc> ports = new ArrayList<>();
        for (int port = 1; port <= BOUND_PORTS; port++) {
            ports.add(PortDescs.port(port, "p" + port));
        }
        if (torWatch != null) {
            ports.add(PortDescs.port(TOR_TUNNEL_PORT, TunnelPortName.of(TOR_IP)));
        }
        for (int other = 0; other < switches; other++) {
            if (other != index) {
                ports.add(PortDescs.port(FIRST_TUNNEL_PORT + other, TunnelPortName.of(ip(other))));
            }
        }
        return ports;
    }

    @Override
    public boolean barrierEndsProgramming() {
        return true;
    }

    @Override
    public int sourcePorts() {
        return BOUND_PORTS;
    }

    @Override
    public List<OFMessage> primer(int index) {
        return List.of();
    }

    /** As OVS sends it from table 1's miss entry: in_port and the metadata table 0 wrote (the VNI). */
    @Override
    public OFMessage packetIn(int index, int port, long sourceMac) {
        byte[] frame = Frames.ethernet(Frames.BROADCAST, sourceMac);
        return of.buildPacketIn().setBufferId(OFBufferId.NO_BUFFER).setTotalLen(frame.length)
                .setReason(OFPacketInReason.ACTION).setTableId(PipelineSpec.SOURCE).setCookie(U64.ZERO)
                .setMatch(of.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(port))
                        .setExact(MatchField.METADATA, OFMetadata.ofRaw(vni(index).value())).build())
                .setData(frame).build();
    }

    /** This whole process (our threads, their GC and JIT) less the generator's thread. */
    @Override
    public long controllerCpuNanos(long generatorCpuNanos) {
        return PROCESS.getProcessCpuTime() - generatorCpuNanos;
    }

    /**
     * Once the simulated switches are gone (the farm closes first), waits for the server to see them go and for the
     * southbound's thread to run dry, so that closing does not race a pass still programming a closed switch. The
     * OVSDB side closes first, as the app closes it: a ToR's session ending is reported to the OpenFlow side's
     * thread, which must still run then.
     */
    @Override
    public void close() {
        operator.shutdownNow();
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (!server.getSwitches().isEmpty() && System.nanoTime() < deadline) {
            OvsdbServerFarm.sleep(Duration.ofMillis(10));
        }
        ovsdb.close();
        drain(events);
        transport.close();
        drain(events);
        if (torWatch != null) {
            torWatch.close();
            torFarm.close();
        }
        drain(thread);
        server.close();
        thread.shutdown();
        events.shutdownNow();
        storeWriter.shutdownNow();
        store.close();
        TempDirs.delete(dir);
    }

    /** Waits until every task queued on {@code executor} so far has run. */
    private static void drain(ExecutorService executor) {
        try {
            executor.submit(() -> { }).get(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("thread did not drain: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
