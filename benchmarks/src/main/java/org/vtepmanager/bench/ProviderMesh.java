package org.vtepmanager.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.vtepmanager.ovsdb.hypervisor.HypervisorObservation;
import org.vtepmanager.ovsdb.hypervisor.HypervisorProvider;
import org.vtepmanager.ovsdb.hypervisor.HypervisorReports;
import org.vtepmanager.ovsdb.hypervisor.HypervisorSettings;
import org.vtepmanager.ovsdb.session.OvsdbTransport;

/**
 * The hypervisor provider alone, given the mesh directly: its reports answer {@code MEMBER} for every session, so
 * neither the store, the topology nor a VTEP's judgement is measured.
 */
final class ProviderMesh implements MeshManager, HypervisorReports {

    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(
            Threads.daemon("ovsdb-events"));
    private final OvsdbTransport transport = new OvsdbTransport(events, OvsdbTransport.SessionSettings.DEFAULTS);
    private final HypervisorProvider provider = new HypervisorProvider(events, transport,
            HypervisorSettings.defaults().withDatapathType("netdev"), this);
    private final Map<String, Optional<String>> mesh = new HashMap<>();
    private final Quiet quiet = new Quiet();

    @Override
    public long eventsThread() throws Exception {
        return events.submit(() -> Thread.currentThread().getId()).get();
    }

    @Override
    public void manage(List<Hypervisor> hypervisors) {
        for (Hypervisor hypervisor : hypervisors) {
            mesh.put(hypervisor.id(), Optional.of(hypervisor.ip()));
            provider.connect(hypervisor.target());
        }
        provider.setTunnelMesh(mesh);
    }

    @Override
    public void join(Hypervisor hypervisor) {
        manage(List.of(hypervisor));
    }

    @Override
    public void awaitQuiet() {
        quiet.await();
    }

    @Override
    public void observed(HypervisorObservation observation) {
        quiet.observed();
    }

    @Override
    public void disconnected(String peer, String reason) {
    }

    @Override
    public void failed(String peer, String reason) {
        System.err.println("failed: " + peer + ": " + reason);
    }

    @Override
    public void close() {
        provider.close();
        transport.close();
        events.shutdownNow();
    }
}
