package org.vtepmanager.ovsdb;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.PortVlan;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.store.H2IntentStore;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.core.topology.Tunnel;
import org.vtepmanager.ovsdb.hypervisor.HypervisorSettings;
import org.vtepmanager.ovsdb.session.OvsdbTransport;
import org.vtepmanager.ovsdb.tor.TorSettings;

/**
 * The whole OVSDB southbound over an H2 intent store in {@code dir}, wired as the app wires it, with short
 * reconnect and ToR backoffs so tests against real ovsdb-servers converge quickly. Not started: register what the
 * test needs, then {@link #start()}.
 */
final class SouthboundFixture implements AutoCloseable {

    final H2IntentStore store;
    final TopologyService topology;
    final MacTables macs;
    final OvsdbSouthbound southbound;
    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService storeWriter = Executors.newSingleThreadExecutor();
    private final OvsdbTransport transport = new OvsdbTransport(events,
            new OvsdbTransport.SessionSettings(Duration.ofSeconds(1), Duration.ofSeconds(10)));

    SouthboundFixture(Path dir) {
        store = H2IntentStore.open(dir);
        macs = new MacTables(MacTableConfig.DEFAULTS, Clock.systemUTC());
        topology = new TopologyService(store, macs, 1500);
        southbound = new OvsdbSouthbound(store, topology, macs, events, transport, HypervisorSettings.defaults(),
                new TorSettings(Duration.ofMillis(100), Duration.ofMillis(800), List.of(), Duration.ZERO), storeWriter);
    }

    /** Listens for switches that dial in, on loopback; returns the target they must dial. */
    String listen() throws Exception {
        InetSocketAddress bound = southbound.listen((OvsdbTarget.PassiveTcp) OvsdbTarget.parse("ptcp:0:127.0.0.1"))
                .get(10, TimeUnit.SECONDS);
        return "tcp:127.0.0.1:" + bound.getPort();
    }

    void start() {
        southbound.start(List.of(), List.of());
    }

    /** Registers a ToR the southbound dials at {@code target}. */
    void registerTor(String id, OvsdbTarget target) {
        store.apply(new IntentChange.RegisterVtep(new Vtep(VtepId.of(id), VtepKind.HARDWARE_VTEP,
                Optional.of(OvsdbAddress.parse(target.toString())), Optional.empty())));
    }

    /** Registers a hypervisor by its configured tunnel IP only: nothing to dial. */
    void registerHypervisor(String id, String tunnelIp) {
        store.apply(new IntentChange.RegisterVtep(new Vtep(VtepId.of(id), VtepKind.HYPERVISOR, Optional.empty(),
                Optional.of(TunnelIp.parse(tunnelIp)))));
    }

    /**
     * Holds the store writer until the returned latch is counted down: a switch that dials in meanwhile waits to be
     * registered, as it does behind a slow store.
     */
    CountDownLatch holdStoreWriter() {
        CountDownLatch release = new CountDownLatch(1);
        storeWriter.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return release;
    }

    void bind(String vtep, String port, int vlan, int vni) {
        store.apply(new IntentChange.CreateBinding(new VlanBinding(new PortVlan(VtepId.of(vtep), PortName.of(port),
                VlanId.of(vlan)), Vni.of(vni))));
    }

    /** The BFD state of the topology's tunnel from {@code from} to {@code to}, as {@code from} reported it. */
    Optional<String> tunnelBfd(VtepId from, VtepId to) {
        return topology.topology().tunnels().stream().filter(t -> t.from().equals(from) && t.to().equals(to))
                .findFirst().flatMap(Tunnel::bfd);
    }

    @Override
    public void close() throws Exception {
        southbound.close();
        events.submit(() -> { }).get(5, TimeUnit.SECONDS);
        transport.close();
        events.shutdownNow();
        storeWriter.shutdownNow();
        store.close();
    }
}
