package org.vtepmanager.bench;

import com.vmware.ovsdb.protocol.methods.MonitorRequest;
import com.vmware.ovsdb.protocol.methods.MonitorRequests;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.vtepmanager.ovsdb.OvsdbTarget;
import org.vtepmanager.ovsdb.session.OvsdbSession;
import org.vtepmanager.ovsdb.session.OvsdbTransport;
import org.vtepmanager.ovsdb.session.TableCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Tunnel-mesh convergence: N hypervisor databases registered at once, the time until every one holds its N−1
 * tunnel ports; then, once the manager has settled, the time for one more to join (every one then holds N).
 * Completion is seen by independent monitor sessions on each database, not by the manager's own bookkeeping.
 * Each phase also reports the CPU time of the manager's OVSDB events thread, where every plan runs: a figure of the
 * manager's own work that the 200 ovsdb-servers sharing the machine disturb far less than the wall time.
 */
@Command(name = "mesh", mixinStandardHelpOptions = true,
        description = "Time for N hypervisor databases to hold a full VXLAN mesh, and for one more to join.")
final class MeshConvergenceBench implements Callable<Integer> {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Option(names = "--sizes", split = ",", defaultValue = "10,50,100,200",
            description = "Mesh sizes, run one after another (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--whole", description = "Drive the whole OVSDB southbound (store, topology, problem log, each "
            + "hypervisor judged by its report) instead of the hypervisor provider alone.")
    boolean whole;

    @Option(names = "--tors", defaultValue = "0", description = "With --whole: K ToRs (hardware_vtep databases) "
            + "too, and one network bound on every VTEP, so that every change of the mesh is planned on the ToRs "
            + "(default: ${DEFAULT-VALUE}).")
    int tors;

    @Override
    public Integer call() throws Exception {
        if (tors > 0 && !whole) {
            throw new IllegalArgumentException("--tors takes --whole: the provider alone has no ToRs");
        }
        Result result = new Result("mesh").put("manager", whole ? "southbound" : "provider").put("tors", tors);
        for (int n : sizes) {
            double[] times = run(n);
            System.out.printf("N=%d: converged in %.3f s (events thread %.3f s CPU), one more joined in %.3f s "
                    + "(%.3f s CPU)%n", n, times[0], times[2], times[1], times[3]);
            result.put("converge_s_" + n, times[0]).put("join_s_" + n, times[1])
                    .put("converge_cpu_s_" + n, times[2]).put("join_cpu_s_" + n, times[3]);
        }
        System.out.println(result.line());
        return 0;
    }

    private double[] run(int n) throws Exception {
        ScheduledExecutorService watchEvents = Executors.newSingleThreadScheduledExecutor();
        OvsdbTransport watchTransport = new OvsdbTransport(watchEvents, OvsdbTransport.SessionSettings.DEFAULTS);
        try (OvsdbServerFarm farm = new OvsdbServerFarm();
             MeshManager manager = whole ? new SouthboundMesh(torsIn(farm)) : new ProviderMesh()) {
            List<MeshManager.Hypervisor> hypervisors = new ArrayList<>();
            for (int i = 0; i <= n; i++) {
                hypervisors.add(new MeshManager.Hypervisor(i, farm.start(i, ip(i)), ip(i)));
            }
            TunnelCounts counts = new TunnelCounts(watchTransport,
                    hypervisors.stream().map(MeshManager.Hypervisor::target).toList());
            long eventsThread = manager.eventsThread();
            long startCpu = THREADS.getThreadCpuTime(eventsThread);
            long start = System.nanoTime();
            manager.manage(hypervisors.subList(0, n));
            counts.await(n, n - 1 + tors);
            double converge = (System.nanoTime() - start) / 1e9;
            double convergeCpu = (THREADS.getThreadCpuTime(eventsThread) - startCpu) / 1e9;
            manager.awaitQuiet();
            long joinCpu = THREADS.getThreadCpuTime(eventsThread);
            long join = System.nanoTime();
            manager.join(hypervisors.get(n));
            counts.await(n + 1, n + tors);
            return new double[] {converge, (System.nanoTime() - join) / 1e9, convergeCpu,
                    (THREADS.getThreadCpuTime(eventsThread) - joinCpu) / 1e9};
        } finally {
            watchTransport.close();
            watchEvents.shutdownNow();
        }
    }

    private List<OvsdbTarget> torsIn(OvsdbServerFarm farm) {
        List<OvsdbTarget> started = new ArrayList<>();
        for (int t = 0; t < tors; t++) {
            started.add(farm.startTor("tor" + t, "10.250.0." + (t + 1), List.of("p1")));
        }
        return started;
    }

    private static String ip(int index) {
        return "10." + (index / 250) + "." + (index % 250) + ".1";
    }

    /** One monitor per database, counting its vxlan ports as they appear. */
    private static final class TunnelCounts {
        private final Map<Integer, Integer> counts = new ConcurrentHashMap<>();

        TunnelCounts(OvsdbTransport transport, List<OvsdbTarget> targets) throws Exception {
            for (int i = 0; i < targets.size(); i++) {
                int index = i;
                OvsdbSession session = transport.connect(targets.get(i)).get(10, TimeUnit.SECONDS);
                TableCache cache = new TableCache();
                MonitorRequests ports = new MonitorRequests(Map.of("Interface", new MonitorRequest(List.of("type"))));
                session.monitor("Open_vSwitch", "bench", ports, updates -> {
                    cache.apply(updates);
                    counts.put(index, vxlan(cache));
                }).thenAccept(initial -> {
                    cache.apply(initial);
                    counts.put(index, vxlan(cache));
                }).get(10, TimeUnit.SECONDS);
            }
        }

        private static int vxlan(TableCache cache) {
            return (int) cache.rows("Interface").values().stream()
                    .filter(row -> "vxlan".equals(row.getStringColumn("type")))
                    .count();
        }

        /** Waits until the first {@code servers} databases each hold {@code ports} vxlan ports. */
        void await(int servers, int ports) {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                boolean done = true;
                for (int i = 0; i < servers && done; i++) {
                    done = counts.getOrDefault(i, 0) == ports;
                }
                if (done) {
                    return;
                }
                OvsdbServerFarm.sleep(Duration.ofMillis(2));
            }
            throw new IllegalStateException("mesh of " + servers + " did not converge to " + ports + " ports each");
        }
    }
}
