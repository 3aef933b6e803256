package org.vtepmanager.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Packet-in → flow-mod: N simulated OpenFlow 1.3 switches send packet-ins with new source MACs to the manager's
 * controller (in this process) and, in the same run, to ovs-testcontroller; a MAC counts as learned when the flow-mod
 * matching it as source reaches its switch. Throughput mode keeps a window of packet-ins outstanding per switch;
 * latency mode sends one at a time. Every (controller, N, mode) starts from a fresh controller.
 */
@Command(name = "packet-in", mixinStandardHelpOptions = true,
        description = "Learned MACs per second and packet-in → flow-mod latency, ours against ovs-testcontroller.")
final class PacketInBench implements Callable<Integer> {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** "Flat" from 16 to 64 switches: at 64 at least this share of the rate at 16. */
    private static final double FLAT = 0.9;
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);
    private static final String LEARNS = "learn_per_s";
    private static final String FLOWMODS = "flowmods_per_s";

    @Spec
    CommandSpec spec;

    @Option(names = "--switches", split = ",", defaultValue = "1,16,64",
            description = "Switch counts (default: ${DEFAULT-VALUE}); ovs-testcontroller only up to 16.")
    List<Integer> switchCounts;

    @Option(names = "--without-reference", description = "Measure our controller only (for profiling it); the "
            + "ratios and the 2x verdict then read n/a.")
    boolean withoutReference;

    @Option(names = "--network-size", defaultValue = "0",
            description = "Switches per network; a learn writes its source entry and a destination entry on every "
                    + "other switch of its network. 0 (default): one network spanning all switches, the worst case; "
                    + "1: each switch its own network.")
    int networkSize;

    @Option(names = "--macs-per-switch", defaultValue = "4000000",
            description = "New source MACs each switch may send per measurement (default: ${DEFAULT-VALUE}).")
    int macsPerSwitch;

    @Option(names = "--seconds", defaultValue = "5",
            description = "Measured seconds per mode (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "3",
            description = "Unmeasured seconds first, at least until one answer (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--intent-change-ms", defaultValue = "0",
            description = "Our controller only: every this many milliseconds, create or delete a network no VTEP "
                    + "binds, as an operator working elsewhere in the fabric would (default: ${DEFAULT-VALUE}, "
                    + "none).")
    int intentChangeMs;

    @Option(names = "--tor",
            description = "Our controller only: also a ToR (a real ovsdb-server with the hardware_vtep schema) bound "
                    + "to every network, so every MAC learned is written to it; reports how many remote MACs it held "
                    + "when the measurement ended and how long it then took to hold them all.")
    boolean tor;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Rounds of every run; each figure is reported as its median over the rounds, and each "
                    + "ratio is taken within a round (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--window", defaultValue = "64",
            description = "Throughput mode: packet-ins outstanding per switch, at every N (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--fixed-total", defaultValue = "1024",
            description = "Also measure each N whose windows add up to more than this with only this many "
                    + "outstanding in all: the load of fewer switches spread over more (default: ${DEFAULT-VALUE}; "
                    + "0 skips it).")
    int fixedTotal;

    @Option(names = "--jit-warmup", defaultValue = "10",
            description = "Unmeasured seconds of our controller at each switch count before anything is measured, "
                    + "so that no measured run pays for compiling the generator, openflowj and the paths that only "
                    + "many switches take (default: ${DEFAULT-VALUE}; 0 skips it).")
    int jitWarmup;

    @Option(names = "--timeout-ms", defaultValue = "10000",
            description = "A packet-in unanswered this long frees its slot and counts as unanswered "
                    + "(default: ${DEFAULT-VALUE}).")
    int timeoutMs;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be at least 1, not " + rounds);
        }
        System.out.println("learned = a flow-mod matching ETH_SRC=<the packet-in's new source MAC> reached the switch "
                + "that sent it; flow-mods/s counts every flow-mod any switch received");
        Figures figures = new Figures();
        warmUpTheJit();
        for (int round = 1; round <= rounds; round++) {
            System.out.printf(Locale.ROOT, "round %d of %d%n", round, rounds);
            figures.startRound();
            measureRound(figures);
        }
        Result result = new Result("packet-in").put("network_size", networkSize).put("rounds", rounds);
        figures.combined().forEach(result::put);
        figures.targets(switchCounts, FLAT).forEach(result::put);
        printSpread(figures);
        System.out.println(result.line());
        return 0;
    }

    /**
     * Our controller at every N, unmeasured. Warming up at one switch alone left the code that only many switches run
     * (each VTEP's MACs as one run, encodings shared between switches) to be compiled during the first measured run
     * at 16: the compiler then took most of a core for the first seconds of it, on a machine of two.
     */
    private void warmUpTheJit() throws Exception {
        if (jitWarmup <= 0) {
            return;
        }
        for (int n : switchCounts) {
            run(ours(), n, new LoadDriver.Settings(window, window * n, macsPerSwitch, Duration.ofSeconds(1),
                    Duration.ofSeconds(jitWarmup), Duration.ofMillis(timeoutMs)));
        }
    }

    /** Every N, ours and then (up to its 16 switches) ovs-testcontroller, and the ratios between them. */
    private void measureRound(Figures figures) throws Exception {
        for (int n : switchCounts) {
            measure("ours", n, ours(), figures);
            if (!withoutReference && n <= TestController.MAX_SWITCHES) {
                measure("tc", n, count -> new TestController(), figures);
                figures.put(Figures.ratioKey(n), figures.get(Figures.key("ours", n, LEARNS))
                        / figures.get(Figures.key("tc", n, LEARNS)));
                System.out.printf(Locale.ROOT, "N=%d: ours / ovs-testcontroller = %.3f%n", n,
                        figures.get(Figures.ratioKey(n)));
            }
        }
        compareSixtyFourToSixteen(figures);
    }

    /** The flat target's ratios, taken within the round (see {@link Figures} for why). */
    private void compareSixtyFourToSixteen(Figures figures) {
        String learns16 = Figures.key("ours", 16, LEARNS);
        String learns64 = Figures.key("ours", 64, LEARNS);
        if (!figures.has(learns16) || !figures.has(learns64)) {
            return;
        }
        double at16 = figures.get(learns16);
        figures.put(Figures.LEARNS_64_OVER_16, figures.get(learns64) / at16);
        figures.put(Figures.FLOWMODS_64_OVER_16,
                figures.get(Figures.key("ours", 64, FLOWMODS)) / figures.get(Figures.key("ours", 16, FLOWMODS)));
        String fixedTotal64 = Figures.key("ours", 64, fixedTotalPrefix() + LEARNS);
        if (figures.has(fixedTotal64)) {
            figures.put(Figures.FIXED_TOTAL_64_OVER_16, figures.get(fixedTotal64) / at16);
        }
    }

    /** Each judged ratio's median and its lowest and highest round, so a reader sees how far the rounds agreed. */
    private void printSpread(Figures figures) {
        Map<String, Double> combined = figures.combined();
        List<String> judged = new ArrayList<>();
        switchCounts.forEach(n -> judged.add(Figures.ratioKey(n)));
        judged.addAll(List.of(Figures.LEARNS_64_OVER_16, Figures.FLOWMODS_64_OVER_16, Figures.FIXED_TOTAL_64_OVER_16));
        for (String key : judged) {
            if (combined.containsKey(key)) {
                double[] range = figures.range(key);
                System.out.printf(Locale.ROOT, "%s: median %.3f of %d rounds (%.3f to %.3f)%n", key, combined.get(key),
                        rounds, range[0], range[1]);
            }
        }
    }

    private IntFunction<PacketInTarget> ours() {
        return n -> new OurController(n, networkSize, Duration.ofMillis(intentChangeMs), tor);
    }

    private void measure(String name, int n, IntFunction<PacketInTarget> start, Figures figures) throws Exception {
        Measured measured = run(start, n, throughput(window * n));
        LoadDriver.Outcome throughput = measured.outcome();
        print(name, n, "throughput (window " + window + "/switch)", throughput);
        measured.heap().ifPresent(heap -> {
            System.out.printf(Locale.ROOT, "     heap held per MAC in the tables: %.0f bytes (%d MACs, %.0f MB after a "
                    + "full GC, less the heap before the run and the generator's latency samples)%n",
                    heap.bytesPerMac(), heap.macs(), heap.bytes() / 1e6);
            figures.put(Figures.key(name, n, "heap_bytes_per_mac"), Math.round(heap.bytesPerMac()));
        });
        measured.tor().ifPresent(lag -> {
            System.out.printf(Locale.ROOT, "     the ToR held %d of %d remote MACs when the measurement ended, all "
                    + "%.2f s later%n", lag.heldAtEnd(), lag.mustHold(), lag.catchUpSeconds());
            figures.put(Figures.key(name, n, "tor_held_at_end"), lag.heldAtEnd());
            figures.put(Figures.key(name, n, "tor_must_hold"), lag.mustHold());
            figures.put(Figures.key(name, n, "tor_catch_up_s"), lag.catchUpSeconds());
        });
        LoadDriver.Outcome latency = run(start, n, new LoadDriver.Settings(1, 1, macsPerSwitch,
                Duration.ofSeconds(warmup), Duration.ofSeconds(seconds), Duration.ofMillis(timeoutMs))).outcome();
        print(name, n, "latency (one at a time)", latency);
        figures.put(Figures.key(name, n, LEARNS), throughput.learnedPerSecond());
        figures.put(Figures.key(name, n, FLOWMODS), throughput.flowModsPerSecond());
        figures.put(Figures.key(name, n, "unanswered"), throughput.unanswered() + latency.unanswered());
        figures.put(Figures.key(name, n, "p50_us"), latency.latencies().percentileMicros(50));
        figures.put(Figures.key(name, n, "p99_us"), latency.latencies().percentileMicros(99));
        figures.put(Figures.key(name, n, "generator_busy"), throughput.generatorBusy());
        figures.put(Figures.key(name, n, "controller_cores"), throughput.controllerCores());
        figures.put(Figures.key(name, n, "learns_per_cpu_s"), throughput.learned() / (throughput.controllerCores()
                * throughput.seconds()));
        if (fixedTotal > 0 && window * n > fixedTotal) {
            LoadDriver.Outcome spread = run(start, n, throughput(fixedTotal)).outcome();
            print(name, n, "throughput (" + fixedTotal + " in all, " + fixedTotal / n + "/switch)", spread);
            figures.put(Figures.key(name, n, fixedTotalPrefix() + LEARNS), spread.learnedPerSecond());
            figures.put(Figures.key(name, n, fixedTotalPrefix() + FLOWMODS), spread.flowModsPerSecond());
        }
    }

    /** The figures of the run with {@code --fixed-total} outstanding in all: {@code total1024_learn_per_s}. */
    private String fixedTotalPrefix() {
        return "total" + fixedTotal + "_";
    }

    private LoadDriver.Settings throughput(int total) {
        return new LoadDriver.Settings(window, total, macsPerSwitch, Duration.ofSeconds(warmup),
                Duration.ofSeconds(seconds), Duration.ofMillis(timeoutMs));
    }

    /**
     * Ends with a full collection: the previous controller's million MACs would otherwise be collected concurrently
     * during the next run, and ours is measured by this process's CPU time.
     */
    private Measured run(IntFunction<PacketInTarget> start, int n, LoadDriver.Settings settings)
            throws Exception {
        try {
            return measureOnce(start, n, settings);
        } finally {
            System.gc();
        }
    }

    private Measured measureOnce(IntFunction<PacketInTarget> start, int n, LoadDriver.Settings settings)
            throws Exception {
        try (PacketInTarget target = start.apply(n);
             SwitchFarm farm = new SwitchFarm(target, n, READY_TIMEOUT)) {
            long heapBefore = heapAfterFullGc();
            LoadDriver driver = new LoadDriver(farm.loop(), farm.switches(), target, settings);
            try {
                LoadDriver.Outcome outcome = driver.run().get(settings.warmup().plus(settings.timeout())
                        .plus(settings.measure()).plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
                Optional<TorLag> tor = target.tor().map(TorLag::of);
                return new Measured(outcome, tor, Heap.of(target, heapBefore, outcome));
            } catch (ExecutionException e) {
                throw new IllegalStateException(target.key() + " with " + n + " switches: " + e.getCause().getMessage(),
                        e.getCause());
            }
        }
    }

    /**
     * One run's outcome, with a ToR how far the ToR lagged behind the MAC tables, and for a controller in this process
     * the heap it held per MAC when the run ended.
     */
    private record Measured(LoadDriver.Outcome outcome, Optional<TorLag> tor, Optional<Heap> heap) {
    }

    /**
     * What the heap grew by in a run (live after a full collection, against the same before the first packet-in, less
     * the generator's latency samples), over the MACs the controller's tables then held. It counts the whole
     * controller: tables, every switch's model (in one network, N+1 entries per MAC) and what the OVSDB side keeps.
     */
    private record Heap(long bytes, int macs) {

        static Optional<Heap> of(PacketInTarget target, long before, LoadDriver.Outcome outcome) {
            OptionalInt macs = target.macsHeld();
            if (macs.isEmpty() || macs.getAsInt() == 0) {
                return Optional.empty();
            }
            long grown = heapAfterFullGc() - before - outcome.latencies().heapBytes();
            return Optional.of(new Heap(grown, macs.getAsInt()));
        }

        double bytesPerMac() {
            return (double) bytes / macs;
        }
    }

    private static long heapAfterFullGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Remote MACs the ToR held when the measurement ended, MACs the tables held, and the seconds until the ToR held
     * them all (NaN if it did not within {@link #CATCH_UP_TIMEOUT}).
     */
    private record TorLag(int heldAtEnd, int mustHold, double catchUpSeconds) {

        /**
         * Polls the ToR's count (a volatile read) until it reaches the tables' last count, and only then counts the
         * tables again (a copy of every entry under their lock), in case packet-ins still in flight when the
         * measurement ended added MACs since.
         */
        static TorLag of(PacketInTarget.TorProgress tor) {
            long start = System.nanoTime();
            int atEnd = tor.remoteMacs();
            int mustHold = tor.mustHold();
            while (true) {
                while (tor.remoteMacs() < mustHold) {
                    if (System.nanoTime() - start > CATCH_UP_TIMEOUT.toNanos()) {
                        return new TorLag(atEnd, mustHold, Double.NaN);
                    }
                    OvsdbServerFarm.sleep(Duration.ofMillis(20));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                int now = tor.mustHold();
                if (now <= mustHold) {
                    return new TorLag(atEnd, mustHold, seconds);
                }
                mustHold = now;
            }
        }
    }

    private static void print(String name, int n, String mode, LoadDriver.Outcome outcome) {
        System.out.printf(Locale.ROOT, "%-4s N=%-2d %-32s %9.0f learned/s %10.0f flow-mods/s  p50 %8.1f µs  "
                        + "p99 %8.1f µs  (%d learned in %.2f s, %d unanswered, %d late; "
                        + "generator busy %.0f%%, controller "
                        + "%.2f cores)%n", name, n,
                mode, outcome.learnedPerSecond(), outcome.flowModsPerSecond(), outcome.latencies().percentileMicros(50),
                outcome.latencies().percentileMicros(99), outcome.learned(), outcome.seconds(), outcome.unanswered(),
                outcome.late(), 100 * outcome.generatorBusy(), outcome.controllerCores());
        System.out.println("     the switches received, since connecting: " + outcome.received());
    }
}
