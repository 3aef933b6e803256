package org.vtepmanager.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntSupplier;
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
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.ovsdb.OvsdbSouthbound;
import org.vtepmanager.ovsdb.OvsdbTarget;
import org.vtepmanager.ovsdb.hypervisor.HypervisorSettings;
import org.vtepmanager.ovsdb.session.OvsdbTransport;
import org.vtepmanager.ovsdb.tor.TorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ToRs that carry many networks: hardware_vtep databases (two unless {@code --tors}), N networks each bound to a
 * VLAN of every one, written into the intent store as the REST API writes them. Times how long the first ToR takes
 * to hold every network (a Logical Switch, a vlan_binding and a flood row each), then how long one more binding,
 * on the first ToR alone, takes to reach it: every intent change makes a whole pass over each ToR due, so that time
 * grows with N, and with the ToRs. Reports the CPU time of the OVSDB events thread, where every pass runs.
 * Completion is seen by a monitor of its own on the first ToR.
 */
@Command(name = "tor-networks", mixinStandardHelpOptions = true,
        description = "Time for ToRs to take N networks, and for one more binding to reach a ToR at N.")
final class TorNetworksBench implements Callable<Integer> {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final PortName PORT = PortName.of("p1");
    private static final int FIRST_VNI = 10_000;
    /** The probes' VLANs, above any the N networks take. */
    private static final int PROBE_VLAN = 4_090;

    @Option(names = "--sizes", split = ",", defaultValue = "500,1000,2000,4000",
            description = "Networks per run, one run after another (default: ${DEFAULT-VALUE}; at most 4089).")
    List<Integer> sizes;

    @Option(names = "--tors", defaultValue = "2",
            description = "ToRs, each bound to every network; the probes bind the first alone (default: "
                    + "${DEFAULT-VALUE}; at most 50).")
    int tors;

    @Option(names = "--probes", defaultValue = "5",
            description = "Single bindings timed at each size (default: ${DEFAULT-VALUE}; at most 5).")
    int probes;

    @Override
    public Integer call() throws Exception {
        if (probes < 1 || probes > 5 || tors < 1 || tors > 50
                || sizes.stream().anyMatch(n -> n < 1 || n >= PROBE_VLAN - 1)) {
            throw new IllegalArgumentException("--probes takes 1..5, --tors 1..50 and --sizes 1.." + (PROBE_VLAN - 2));
        }
        Result result = new Result("tor-networks");
        for (int n : sizes) {
            double[] figures = run(n);
            System.out.printf("N=%d: the first ToR took every network in %.3f s (events thread %.3f s CPU); "
                    + "one more binding reached a ToR in %.1f ms (median of %d, events thread %.1f ms CPU); "
                    + "the last tenth of the %d intent writes took %.3f ms each (writer %.3f ms CPU)%n",
                    n, figures[0], figures[1], figures[2], probes, figures[3], (1 + tors) * n, figures[4], figures[5]);
            result.put("converge_s_" + n, figures[0]).put("converge_cpu_s_" + n, figures[1])
                    .put("binding_ms_" + n, figures[2]).put("binding_cpu_ms_" + n, figures[3])
                    .put("write_ms_" + n, figures[4]).put("write_cpu_ms_" + n, figures[5]);
        }
        System.out.println(result.line());
        return 0;
    }

    /**
     * Converge time and CPU (s), one binding's median time and CPU (ms), and the mean time and writer's CPU of an
     * intent write (ms) over the last tenth of the networks: each write runs the store's listeners, whose cost may
     * grow with the intent, while the ToRs' passes take the other core.
     */
    private double[] run(int n) throws Exception {
        Path dir = TempDirs.create("vtep-bench-tor-networks-");
        ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(Threads.daemon("ovsdb-events"));
        ExecutorService storeWriter = Executors.newSingleThreadExecutor(Threads.daemon("store-writer"));
        OvsdbTransport transport = new OvsdbTransport(events, OvsdbTransport.SessionSettings.DEFAULTS);
        MacTables macs = MacTables.withSystemClocks(MacTableConfig.DEFAULTS);
        try (OvsdbServerFarm farm = new OvsdbServerFarm(); H2IntentStore store = H2IntentStore.open(dir);
             OvsdbSouthbound southbound = new OvsdbSouthbound(store, new TopologyService(store, macs, 1500), macs,
                     events, transport, HypervisorSettings.defaults(), TorSettings.defaults(), storeWriter)) {
            List<VtepId> all = new ArrayList<>();
            for (int t = 1; t <= tors; t++) {
                all.add(VtepId.of("tor" + t));
            }
            OvsdbTarget first = register(store, farm, all.get(0), 1);
            for (int t = 1; t < tors; t++) {
                register(store, farm, all.get(t), t + 1);
            }
            southbound.start(List.of(), List.of());
            long eventsThread = events.submit(() -> Thread.currentThread().getId()).get();
            try (TorWatch watch = new TorWatch(first)) {
                long startCpu = THREADS.getThreadCpuTime(eventsThread);
                long start = System.nanoTime();
                int lastTenth = n - Math.max(1, n / 10);
                long lastTenthStart = start;
                long lastTenthCpu = 0;
                for (int i = 0; i < n; i++) {
                    if (i == lastTenth) {
                        lastTenthStart = System.nanoTime();
                        lastTenthCpu = THREADS.getCurrentThreadCpuTime();
                    }
                    addNetwork(store, FIRST_VNI + i, 1 + i, all);
                }
                int writes = (1 + tors) * (n - lastTenth);
                double write = (System.nanoTime() - lastTenthStart) / 1e6 / writes;
                double writeCpu = (THREADS.getCurrentThreadCpuTime() - lastTenthCpu) / 1e6 / writes;
                await(() -> Math.min(watch.vlanBindings(), watch.floodRows()), n, "every network on the ToR");
                double converge = (System.nanoTime() - start) / 1e9;
                double convergeCpu = (THREADS.getThreadCpuTime(eventsThread) - startCpu) / 1e9;
                double[] binding = probe(store, watch, n, eventsThread, all.get(0));
                return new double[] {converge, convergeCpu, binding[0], binding[1], write, writeCpu};
            }
        } finally {
            transport.close();
            events.shutdownNow();
            storeWriter.shutdownNow();
            TempDirs.delete(dir);
        }
    }

    /** One more network bound on the first ToR, {@link #probes} times: the median time and CPU (ms) of each. */
    private double[] probe(H2IntentStore store, TorWatch watch, int n, long eventsThread, VtepId first) {
        double[] times = new double[probes];
        double[] cpu = new double[probes];
        for (int k = 0; k < probes; k++) {
            long probeCpu = THREADS.getThreadCpuTime(eventsThread);
            long probe = System.nanoTime();
            addNetwork(store, FIRST_VNI + PROBE_VLAN + k, PROBE_VLAN + k, List.of(first));
            await(watch::vlanBindings, n + k + 1, "the probe's binding");
            times[k] = (System.nanoTime() - probe) / 1e6;
            cpu[k] = (THREADS.getThreadCpuTime(eventsThread) - probeCpu) / 1e6;
        }
        return new double[] {Figures.median(times), Figures.median(cpu)};
    }

    private static OvsdbTarget register(H2IntentStore store, OvsdbServerFarm farm, VtepId id, int number) {
        OvsdbTarget target = farm.startTor(id.value(), "10.1.0." + number, List.of(PORT.value()));
        store.apply(new IntentChange.RegisterVtep(new Vtep(id, VtepKind.HARDWARE_VTEP,
                Optional.of(OvsdbAddress.parse(target.toString())), Optional.empty())));
        return target;
    }

    private static void addNetwork(H2IntentStore store, int vni, int vlan, List<VtepId> tors) {
        store.apply(new IntentChange.CreateNetwork(new VirtualNetwork(Vni.of(vni), "bench" + vni, "",
                OptionalInt.empty())));
        for (VtepId tor : tors) {
            store.apply(new IntentChange.CreateBinding(new VlanBinding(new PortVlan(tor, PORT, VlanId.of(vlan)),
                    Vni.of(vni))));
        }
    }

    private static void await(IntSupplier count, int wanted, String what) {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (count.getAsInt() < wanted) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": " + count.getAsInt() + " of " + wanted + " after 10 min");
            }
            OvsdbServerFarm.sleep(Duration.ofMillis(1));
        }
    }
}
