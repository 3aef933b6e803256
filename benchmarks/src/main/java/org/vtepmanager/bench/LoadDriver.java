package org.vtepmanager.bench;

import io.netty.channel.EventLoop;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFType;

/**
 * Sends packet-ins with new source MACs, round-robin over the switches, keeping at most {@code perSwitch} unanswered
 * per switch and {@code total} overall, and counts a MAC as learned when a flow-mod matching it as source arrives on
 * the switch that sent it. A packet-in unanswered after {@code timeout} (a controller may drop packet-ins) frees its
 * slot and counts as unanswered; if none at all was answered by then, the run fails. The measured interval starts
 * after the warm-up and the first answer. Confined to the one event loop that all simulated switches share.
 */
final class LoadDriver implements SimulatedSwitch.Sink {

    record Settings(int perSwitch, int total, int macsPerSwitch, Duration warmup, Duration measure, Duration timeout) {
    }

    /**
     * {@code received}: every message type the switches got from the controller since they connected.
     * {@code generatorBusy}: the share of the measured interval the generator's own thread was on a CPU; near 1
     * means the generator, not the controller, set the rate. {@code controllerCores}: the controller's CPU time over
     * the measured interval, in cores; for a one-thread controller near 1 means it set the rate.
     */
    record Outcome(long learned, long flowMods, long unanswered, long late, double seconds, Latencies latencies,
            Map<OFType, Long> received, double generatorBusy, double controllerCores) {
        double learnedPerSecond() {
            return learned / seconds;
        }

        double flowModsPerSecond() {
            return flowMods / seconds;
        }
    }

    private record Pending(int sw, long sentNanos) {
    }

    private static final long SCAN_MILLIS = 10;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final EventLoop loop;
    private final List<SimulatedSwitch> switches;
    private final PacketInTarget target;
    private final PacketInTemplates packetIns;
    private final Settings settings;
    private final int[] outstanding;
    private final int[] sent;
    /**
     * Switches with a free slot and MACs left, in round-robin order; a switch is in it at most once. Kept as a queue
     * so that a read costs the generator work for the switches it freed, not a walk over all N.
     */
    private final ArrayDeque<Integer> ready = new ArrayDeque<>();
    private final boolean[] queued;
    /** Switches written to since the last flush, each once. */
    private final ArrayDeque<Integer> unflushed = new ArrayDeque<>();
    private final boolean[] written;
    /** In sending order, so the oldest is first when timeouts are scanned. */
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private final Set<Long> expired = new HashSet<>();
    private final CompletableFuture<Outcome> done = new CompletableFuture<>();
    private final Latencies latencies = new Latencies();
    private boolean warmedUp;
    private boolean measuring;
    private boolean stopped;
    private long measureStart;
    private long cpuAtStart;
    private long controllerCpuAtStart;
    private long flowModsAtStart;
    private long learned;
    /** Including warm-up and late answers: zero means the controller never answered at all. */
    private long answered;
    private long unanswered;
    private long late;

    LoadDriver(EventLoop loop, List<SimulatedSwitch> switches, PacketInTarget target, Settings settings) {
        this.loop = loop;
        this.switches = switches;
        this.target = target;
        this.packetIns = new PacketInTemplates(target);
        this.settings = settings;
        this.outstanding = new int[switches.size()];
        this.sent = new int[switches.size()];
        this.queued = new boolean[switches.size()];
        this.written = new boolean[switches.size()];
    }

    /** Warm-up, then the measured interval; completes when it ends or every MAC was sent and answered. */
    CompletableFuture<Outcome> run() {
        loop.execute(this::begin);
        return done;
    }

    private void begin() {
        switches.forEach(sw -> sw.sink(this));
        for (int sw = 0; sw < switches.size(); sw++) {
            offer(sw);
        }
        loop.schedule(() -> {
            warmedUp = true;
            startMeasuring();
        }, settings.warmup().toNanos(), TimeUnit.NANOSECONDS);
        scheduleScan();
        pump();
    }

    /** After the warm-up and the first answer: a slow controller's first pass is not steady state. */
    private void startMeasuring() {
        if (stopped || measuring || !warmedUp || answered == 0) {
            return;
        }
        measuring = true;
        measureStart = System.nanoTime();
        cpuAtStart = THREADS.getCurrentThreadCpuTime();
        controllerCpuAtStart = target.controllerCpuNanos(cpuAtStart);
        flowModsAtStart = flowMods();
        loop.schedule(this::finish, settings.measure().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void learned(SimulatedSwitch sw, long mac, long nanos) {
        Pending request = pending.remove(mac);
        if (request == null) {
            if (expired.remove(mac)) {
                late++;
                answered++;
            }
            return;
        }
        if (request.sw() != sw.index) {
            fail("MAC learned on switch " + sw.index + " but sent by switch " + request.sw());
            return;
        }
        release(request.sw());
        answered++;
        if (measuring) {
            learned++;
            latencies.add(nanos - request.sentNanos());
        } else {
            startMeasuring();
        }
    }

    /**
     * Refills the windows once per socket read, not once per answer: a read carries many answers, and one write of
     * many packet-ins costs the generator one syscall instead of one each.
     */
    @Override
    public void readComplete() {
        pump();
    }

    private void pump() {
        while (!stopped && pending.size() < settings.total() && !ready.isEmpty()) {
            int sw = ready.poll();
            queued[sw] = false;
            send(sw);
            offer(sw);
        }
        for (Integer sw = unflushed.poll(); sw != null; sw = unflushed.poll()) {
            written[sw] = false;
            switches.get(sw).flush();
        }
        if (!stopped && pending.isEmpty() && ready.isEmpty()) {
            finish();
        }
    }

    /** Queues {@code sw} behind the others if it has a free slot and MACs left, and is not queued yet. */
    private void offer(int sw) {
        if (!queued[sw] && outstanding[sw] < settings.perSwitch() && sent[sw] < settings.macsPerSwitch()) {
            queued[sw] = true;
            ready.add(sw);
        }
    }

    private void send(int sw) {
        int seq = sent[sw]++;
        long mac = mac(sw, seq);
        int port = 1 + seq % target.sourcePorts();
        outstanding[sw]++;
        pending.put(mac, new Pending(sw, System.nanoTime()));
        SimulatedSwitch simulated = switches.get(sw);
        simulated.write(packetIns.packetIn(simulated.alloc(), sw, port, mac));
        if (!written[sw]) {
            written[sw] = true;
            unflushed.add(sw);
        }
    }

    /**
     * 02:00 (locally administered unicast), the switch in the next two bytes, then the sequence number scrambled by
     * an odd multiplier (a bijection on 24 bits): every MAC is new and they are not in ascending order.
     */
    static long mac(int sw, int seq) {
        return 0x0200_0000_0000L | ((long) sw << 24) | ((seq * 0x9E3779B1L) & 0xFF_FFFFL);
    }

    private void release(int sw) {
        outstanding[sw]--;
        offer(sw);
    }

    private void scheduleScan() {
        loop.schedule(() -> {
            if (!stopped) {
                expireOld();
                scheduleScan();
            }
        }, SCAN_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void expireOld() {
        long cutoff = System.nanoTime() - settings.timeout().toNanos();
        Iterator<Map.Entry<Long, Pending>> oldest = pending.entrySet().iterator();
        boolean freed = false;
        while (oldest.hasNext()) {
            Map.Entry<Long, Pending> entry = oldest.next();
            if (entry.getValue().sentNanos() - cutoff > 0) {
                break;
            }
            if (answered == 0) {
                fail("no packet-in was answered by a flow-mod with its source MAC within " + settings.timeout());
                return;
            }
            oldest.remove();
            expired.add(entry.getKey());
            release(entry.getValue().sw());
            if (measuring) {
                unanswered++;
            }
            freed = true;
        }
        if (freed) {
            pump();
        }
    }

    private void finish() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (!measuring) {
            fail("every MAC was used up during the warm-up: raise --macs-per-switch");
            return;
        }
        for (SimulatedSwitch sw : switches) {
            if (!sw.isActive()) {
                fail("switch " + sw.index + " was disconnected by the controller during the run");
                return;
            }
        }
        long wall = System.nanoTime() - measureStart;
        double seconds = wall / 1e9;
        long cpu = THREADS.getCurrentThreadCpuTime();
        double busy = (cpu - cpuAtStart) / (double) wall;
        double controllerCores = (target.controllerCpuNanos(cpu) - controllerCpuAtStart) / (double) wall;
        Map<OFType, Long> received = new EnumMap<>(OFType.class);
        switches.forEach(sw -> sw.received().forEach((type, count) -> received.merge(type, count, Long::sum)));
        done.complete(new Outcome(learned, flowMods() - flowModsAtStart, unanswered, late, seconds, latencies,
                received, busy, controllerCores));
    }

    private void fail(String reason) {
        stopped = true;
        done.completeExceptionally(new IllegalStateException(reason));
    }

    private long flowMods() {
        return switches.stream().mapToLong(SimulatedSwitch::flowMods).sum();
    }
}
