package org.vtepmanager.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.PortVlan;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.store.H2IntentStore;
import org.vtepmanager.core.topology.TopologyEvent;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.ovsdb.OvsdbSouthbound;
import org.vtepmanager.ovsdb.OvsdbTarget;
import org.vtepmanager.ovsdb.hypervisor.HypervisorSettings;
import org.vtepmanager.ovsdb.session.OvsdbTransport;
import org.vtepmanager.ovsdb.tor.TorSettings;

/**
 * The whole OVSDB southbound as the manager runs it: an H2 store, the topology and its problem log, and every
 * hypervisor judged by its own report before it gets tunnels. The hypervisors are registered by target, without a
 * tunnel IP (each reports its local_ip), as after a manager restart ({@link #manage}) or through the API
 * ({@link #join}).
 */
final class SouthboundMesh implements MeshManager {

    private static final Vni NETWORK = Vni.of(5000);

    private final Path dir = TempDirs.create("vtep-bench-mesh-");
    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(
            Threads.daemon("ovsdb-events"));
    private final ExecutorService storeWriter = Executors.newSingleThreadExecutor(Threads.daemon("store-writer"));
    private final OvsdbTransport transport = new OvsdbTransport(events, OvsdbTransport.SessionSettings.DEFAULTS);
    private final H2IntentStore store = H2IntentStore.open(dir);
    private final MacTables macs = MacTables.withSystemClocks(MacTableConfig.DEFAULTS);
    private final TopologyService topology = new TopologyService(store, macs, 1500);
    private final OvsdbSouthbound southbound = new OvsdbSouthbound(store, topology, macs, events, transport,
            HypervisorSettings.defaults().withDatapathType("netdev"), TorSettings.defaults(), storeWriter);
    private final Quiet quiet = new Quiet();
    private final List<OvsdbTarget> tors;

    /**
     * With {@code tors} (hardware_vtep databases), those ToRs are registered too, and one network is bound on every
     * VTEP (port p1, VLAN 10; hypervisors have no such port, which each reports as a problem), so that the ToRs
     * carry the mesh and plan for every change of it.
     */
    SouthboundMesh(List<OvsdbTarget> tors) {
        this.tors = tors;
        topology.addListener(event -> {
            if (event.type() == TopologyEvent.Type.VTEP_OBSERVED) {
                quiet.observed();
            }
        });
    }

    @Override
    public long eventsThread() throws Exception {
        return events.submit(() -> Thread.currentThread().getId()).get();
    }

    /** Registers them before the southbound starts: it then finds them all at once, as after a restart. */
    @Override
    public void manage(List<Hypervisor> hypervisors) {
        if (!tors.isEmpty()) {
            store.apply(new IntentChange.CreateNetwork(new VirtualNetwork(NETWORK, "bench", "", OptionalInt.empty())));
        }
        for (int t = 0; t < tors.size(); t++) {
            register("tor" + t, VtepKind.HARDWARE_VTEP, tors.get(t));
        }
        hypervisors.forEach(this::join);
        southbound.start(List.of(), List.of());
    }

    @Override
    public void join(Hypervisor hypervisor) {
        register(hypervisor.id(), VtepKind.HYPERVISOR, hypervisor.target());
    }

    private void register(String id, VtepKind kind, OvsdbTarget target) {
        store.apply(new IntentChange.RegisterVtep(new Vtep(VtepId.of(id), kind,
                Optional.of(OvsdbAddress.parse(target.toString())), Optional.empty())));
        if (!tors.isEmpty()) {
            PortVlan at = new PortVlan(VtepId.of(id), PortName.of("p1"), VlanId.of(10));
            store.apply(new IntentChange.CreateBinding(new VlanBinding(at, NETWORK)));
        }
    }

    @Override
    public void awaitQuiet() {
        quiet.await();
    }

    @Override
    public void close() {
        southbound.close();
        transport.close();
        events.shutdownNow();
        storeWriter.shutdownNow();
        store.close();
        TempDirs.delete(dir);
    }
}
