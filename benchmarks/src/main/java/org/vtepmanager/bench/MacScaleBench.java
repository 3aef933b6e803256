package org.vtepmanager.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.mac.MacFilter;
import org.vtepmanager.core.mac.MacSource;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.core.mac.MacTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * MAC scale: MACs spread over networks are learned, refreshed, moved and forgotten through core's MacTables (the
 * path the OpenFlow southbound uses), on one thread; then the heap one table set holds per MAC.
 */
@Command(name = "mac-scale", mixinStandardHelpOptions = true,
        description = "Learn, refresh, move and forget MACs in core's MAC tables; ops/s and heap bytes per MAC.")
final class MacScaleBench implements Callable<Integer> {

    @Option(names = "--macs", defaultValue = "100000", description = "MACs in all (default: ${DEFAULT-VALUE}).")
    int macs;

    @Option(names = "--vnis", defaultValue = "100",
            description = "Networks they are spread over (default: ${DEFAULT-VALUE}).")
    int vnis;

    @Option(names = "--rounds", defaultValue = "5",
            description = "Measured rounds after one warm-up (default: ${DEFAULT-VALUE}).")
    int rounds;

    private static final long CONTENDED_NANOS = 1_000_000_000L;

    private Vni[] vni;
    private MacAddress[] mac;
    private MacLocation[] home;
    private MacLocation[] away;

    @Override
    public Integer call() {
        prepare();
        Phases best = run();
        for (int round = 0; round < rounds; round++) {
            best = best.best(run());
        }
        Contended contended = learnWhileRead();
        long bytesPerMac = heapPerMac();
        System.out.printf("%d MACs in %d VNIs, best of %d rounds (ops/s): learn %.0f, refresh %.0f, move %.0f, "
                + "forget %.0f%n",
                macs, vnis, rounds, best.learn, best.refresh, best.move, best.forget);
        System.out.printf("moves while another thread reads every entry in a loop, as ToR passes do: %.0f/s, "
                + "with %.1f reads/s%n", contended.moves, contended.reads);
        System.out.printf("heap per MAC: %d bytes%n", bytesPerMac);
        System.out.println(new Result("mac-scale").put("macs", macs).put("vnis", vnis).put("learn_per_s", best.learn)
                .put("refresh_per_s", best.refresh).put("move_per_s", best.move).put("forget_per_s", best.forget)
                .put("move_while_read_per_s", contended.moves).put("reads_per_s", contended.reads)
                .put("heap_bytes_per_mac", bytesPerMac).line());
        return 0;
    }

    /** Keys and locations are made up front: the benchmark measures the tables, not the callers' allocations. */
    private void prepare() {
        vni = new Vni[macs];
        mac = new MacAddress[macs];
        home = new MacLocation[macs];
        away = new MacLocation[macs];
        for (int i = 0; i < macs; i++) {
            vni[i] = Vni.of(1000 + i % vnis);
            mac[i] = new MacAddress(0x0200_0000_0000L + i);
            home[i] = MacLocation.Local.of(VtepId.of("hv" + (i % 50)), PortName.of("p" + (i % 64)), VlanId.of(0));
            away[i] = new MacLocation.Remote(VtepId.of("hv" + ((i + 1) % 50)));
        }
    }

    private MacTables tables() {
        MacTableConfig defaults = MacTableConfig.DEFAULTS;
        // Limits high enough that the benchmark measures learning, not refusals; moves spaced past damping.
        return MacTables.withSystemClocks(new MacTableConfig(defaults.agingTime(), Integer.MAX_VALUE / 2,
                Duration.ofMillis(1), defaults.holdTime(), Integer.MAX_VALUE / 2, Integer.MAX_VALUE / 2));
    }

    private Phases run() {
        MacTables tables = tables();
        double learn = timed(() -> {
            for (int i = 0; i < macs; i++) {
                tables.learn(vni[i], mac[i], home[i], MacSource.LEARNED);
            }
        });
        double refresh = timed(() -> {
            for (int i = 0; i < macs; i++) {
                tables.learn(vni[i], mac[i], home[i], MacSource.LEARNED);
            }
        });
        double move = timed(() -> {
            for (int i = 0; i < macs; i++) {
                tables.learn(vni[i], mac[i], away[i], MacSource.LEARNED);
            }
        });
        double forget = timed(() -> {
            for (int i = 0; i < macs; i++) {
                tables.forget(vni[i], mac[i], away[i]);
            }
        });
        return new Phases(learn, refresh, move, forget);
    }

    /**
     * Every MAC learned, then moved back and forth for a second on this thread while a second thread reads all
     * entries again and again: a ToR's pass reads every MAC of its networks, and a learn must not wait for it.
     */
    private Contended learnWhileRead() {
        MacTables tables = tables();
        for (int i = 0; i < macs; i++) {
            tables.learn(vni[i], mac[i], home[i], MacSource.LEARNED);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                tables.entries(MacFilter.ALL);
                reads.incrementAndGet();
            }
        }, "mac-reader");
        reader.start();
        long start = System.nanoTime();
        long moves = 0;
        for (int round = 0; System.nanoTime() - start < CONTENDED_NANOS; round++) {
            MacLocation[] to = round % 2 == 0 ? away : home;
            for (int i = 0; i < macs && System.nanoTime() - start < CONTENDED_NANOS; i++, moves++) {
                tables.learn(vni[i], mac[i], to[i], MacSource.LEARNED);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Contended(moves / seconds, reads.get() / seconds);
    }

    private record Contended(double moves, double reads) {
    }

    private double timed(Runnable phase) {
        long start = System.nanoTime();
        phase.run();
        return macs / ((System.nanoTime() - start) / 1e9);
    }

    /** Heap held by tables with every MAC learned, over the heap without them (after full collections). */
    private long heapPerMac() {
        long before = usedHeap();
        MacTables tables = tables();
        for (int i = 0; i < macs; i++) {
            tables.learn(vni[i], mac[i], home[i], MacSource.LEARNED);
        }
        long after = usedHeap();
        long perMac = (after - before) / macs;
        // Keeps the tables reachable until measured.
        return tables.entries(MacFilter.ALL).isEmpty() ? -1 : perMac;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private record Phases(double learn, double refresh, double move, double forget) {
        Phases best(Phases other) {
            return new Phases(Math.max(learn, other.learn), Math.max(refresh, other.refresh),
                    Math.max(move, other.move), Math.max(forget, other.forget));
        }
    }
}
