package org.vtepmanager.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vtepmanager.lab.Endpoint;
import org.vtepmanager.lab.EndpointSpec;
import org.vtepmanager.lab.Hypervisor;
import org.vtepmanager.lab.Lab;
import org.vtepmanager.lab.TorSwitch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The real manager jar against a lab (two hypervisors, a ToR) under churn for some minutes: networks and bindings
 * made and removed, OVSDB sessions retargeted away and back, a bridge's controller removed by hand, a VM taking
 * new MACs, dashboard clients coming and going. Each minute the manager's live heap after a full GC, its threads,
 * file descriptors and resident memory, and the size of its store's file are read. What grows with the rounds is a
 * leak. Meanwhile vm2 (hv2) pings the server behind the ToR: the churn of the manager's sessions with both, and of
 * other networks' bindings on their ports, must not cost it a packet. hv1 is left out of that measure: Open vSwitch
 * empties a bridge whose controller is removed, and the manager reprograms it within milliseconds.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "The manager against a lab under churn: live heap, threads, descriptors each minute (root).")
final class SoakBench implements Callable<Integer> {

    private static final Pattern PINGS = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
    private static final int NETWORKS_PER_ROUND = 20;
    private static final int FIRST_VNI = 6000;

    @Option(names = "--minutes", defaultValue = "10", description = "How long to churn (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--manager-jar", defaultValue = "app/target/vtep-manager.jar",
            description = "The manager to soak (default: ${DEFAULT-VALUE}).")
    Path managerJar;

    @Override
    public Integer call() throws Exception {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            TorSwitch tor1 = lab.addTor("tor1");
            Endpoint vm1 = lab.addVm("vm1", hv1, EndpointSpec.untagged("02:00:00:00:0f:01", "10.70.0.1/24"));
            Endpoint vm2 = lab.addVm("vm2", hv2, EndpointSpec.untagged("02:00:00:00:0f:02", "10.70.0.2/24"));
            Endpoint roamer = lab.addVm("vm3", hv1, EndpointSpec.untagged("02:00:00:00:0f:03", "10.70.0.3/24"));
            Endpoint server = lab.addServer("bm1", tor1, EndpointSpec.untagged("02:00:00:00:0f:04", "10.70.0.4/24"));
            try (ManagerJar manager = ManagerJar.start(managerJar, lab, List.of("--ovsdb-connect",
                    hv1.ovsdbUnixTarget(), "--ovsdb-connect", hv2.ovsdbUnixTarget(), "--hardware-vtep-connect",
                    tor1.ovsdbUnixTarget()))) {
                Fabric fabric = new Fabric(manager.api(), hv1, hv2, tor1, vm1, vm2, roamer, server);
                fabric.bindDemoNetwork();
                report(soak(manager, fabric));
            }
        }
        return 0;
    }

    /** The samples taken, and vm2's pings to the server meanwhile: sent, answered. */
    private record Soaked(List<Sample> samples, long pingsSent, long pingsAnswered) {
    }

    /** Rounds of churn until {@link #minutes} are over, a sample after the first round and each minute after it. */
    private Soaked soak(ManagerJar manager, Fabric fabric) throws Exception {
        Process pings = fabric.startPinging(Duration.ofMinutes(minutes).plusSeconds(10));
        List<Sample> samples = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
        long nextSample = 0;
        int rounds = 0;
        while (System.nanoTime() < end) {
            fabric.churn(rounds);
            rounds++;
            if (System.nanoTime() >= nextSample) {
                samples.add(Sample.of(manager.pid(), manager.dataDir(), rounds));
                System.out.println(samples.get(samples.size() - 1));
                nextSample = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            }
        }
        samples.add(Sample.of(manager.pid(), manager.dataDir(), rounds));
        Matcher counted = PINGS.matcher(new String(pings.getInputStream().readAllBytes()));
        if (!counted.find()) {
            throw new IllegalStateException("no ping summary from vm2");
        }
        return new Soaked(samples, Long.parseLong(counted.group(1)), Long.parseLong(counted.group(2)));
    }

    /**
     * Growth is judged over the second half: in the first, what lasts minutes fills up (MACs age after 300 s, the
     * store's cache fills) and the heap grows by design.
     */
    private void report(Soaked soaked) {
        List<Sample> samples = soaked.samples();
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        long halfway = first.nanos() + (last.nanos() - first.nanos()) / 2;
        Sample half = samples.stream().filter(sample -> sample.nanos() >= halfway).findFirst().orElse(last);
        long maxHeap = samples.stream().mapToLong(Sample::liveHeapBytes).max().orElse(0);
        double hours = (last.nanos() - half.nanos()) / 3.6e12;
        double growthPerHour = hours > 0 ? (last.liveHeapBytes() - half.liveHeapBytes()) / 1024.0 / hours : 0;
        long lost = soaked.pingsSent() - soaked.pingsAnswered();
        System.out.printf("%d rounds in %d min: live heap %.1f MB after the first round, %.1f MB halfway, %.1f MB at "
                + "the end (most %.1f MB; %+.0f KB per hour over the second half); threads %d -> %d; descriptors "
                + "%d -> %d; store %.1f MB; vm2 -> server pings lost %d of %d%n", last.rounds(), minutes,
                first.liveHeapBytes() / 1e6, half.liveHeapBytes() / 1e6, last.liveHeapBytes() / 1e6, maxHeap / 1e6,
                growthPerHour, first.threads(), last.threads(), first.descriptors(), last.descriptors(),
                last.storeBytes() / 1e6, lost, soaked.pingsSent());
        System.out.println(new Result("soak").put("minutes", minutes).put("rounds", last.rounds())
                .put("heap_live_kb_first", first.liveHeapBytes() / 1024)
                .put("heap_live_kb_half", half.liveHeapBytes() / 1024)
                .put("heap_live_kb_last", last.liveHeapBytes() / 1024).put("heap_live_kb_max", maxHeap / 1024)
                .put("heap_growth_kb_per_hour_second_half", growthPerHour)
                .put("threads_first", first.threads()).put("threads_last", last.threads())
                .put("fds_first", first.descriptors()).put("fds_last", last.descriptors())
                .put("rss_kb_last", last.residentKb()).put("store_kb_last", last.storeBytes() / 1024)
                .put("pings_sent", soaked.pingsSent()).put("pings_lost", lost).line());
    }

    /** What the manager process holds at one moment; the heap is read after a full GC (a class histogram). */
    record Sample(int rounds, long nanos, long liveHeapBytes, int threads, int descriptors, long residentKb,
            long storeBytes) {

        private static final Pattern TOTAL = Pattern.compile("Total\\s+\\d+\\s+(\\d+)");
        private static final Pattern RESIDENT = Pattern.compile("VmRSS:\\s+(\\d+) kB");

        static Sample of(long pid, Path data, int rounds) {
            try {
                Process histogram = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
                        .redirectErrorStream(true).start();
                String text = new String(histogram.getInputStream().readAllBytes());
                histogram.waitFor(60, TimeUnit.SECONDS);
                Matcher total = TOTAL.matcher(text);
                Matcher resident = RESIDENT.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
                Path store = data.resolve("intent.mv.db");
                return new Sample(rounds, System.nanoTime(), total.find() ? Long.parseLong(total.group(1)) : -1,
                        count(Path.of("/proc", Long.toString(pid), "task")),
                        count(Path.of("/proc", Long.toString(pid), "fd")),
                        resident.find() ? Long.parseLong(resident.group(1)) : -1,
                        Files.exists(store) ? Files.size(store) : 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static int count(Path dir) throws IOException {
            try (var entries = Files.list(dir)) {
                return (int) entries.count();
            }
        }

        @Override
        public String toString() {
            return String.format("round %d: live heap %.1f MB, %d threads, %d descriptors, RSS %.0f MB, store %.1f MB",
                    rounds, liveHeapBytes / 1e6, threads, descriptors, residentKb / 1e3, storeBytes / 1e6);
        }
    }

    /** The lab as the churn drives it, through the manager's API and the switches' own tools. */
    private static final class Fabric {
        private final ManagerApi api;
        private final Hypervisor hv1;
        private final Hypervisor hv2;
        private final TorSwitch tor1;
        private final Endpoint vm1;
        private final Endpoint vm2;
        private final Endpoint roamer;
        private final Endpoint server;

        Fabric(ManagerApi api, Hypervisor hv1, Hypervisor hv2, TorSwitch tor1, Endpoint vm1, Endpoint vm2,
                Endpoint roamer, Endpoint server) {
            this.api = api;
            this.hv1 = hv1;
            this.hv2 = hv2;
            this.tor1 = tor1;
            this.vm1 = vm1;
            this.vm2 = vm2;
            this.roamer = roamer;
            this.server = server;
        }

        /** Network 5000 with every endpoint on it, once vm1 and vm2 reach the server behind the ToR. */
        void bindDemoNetwork() {
            api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"soak\"}");
            for (Endpoint endpoint : List.of(vm1, vm2, roamer)) {
                api.bind(ManagerJar.vtep(endpoint.host().ovsdbUnixTarget()), endpoint.switchPort(), 0, 5000);
            }
            api.bind(ManagerJar.vtep(tor1.ovsdbUnixTarget()), server.switchPort(), 0, 5000);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            for (Endpoint vm : List.of(vm1, vm2)) {
                while (!vm.ping(server.ip(), 1).allAnswered()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(vm + " does not reach the server behind the ToR");
                    }
                }
            }
        }

        /**
         * vm2 pings the server five times a second for about {@code length}, through all the churn. A count, not a
         * deadline or a signal: ping stopped either way counts the echo then on its way as lost.
         */
        Process startPinging(Duration length) throws IOException {
            return new ProcessBuilder("ip", "netns", "exec", vm2.namespace(), "ping", "-q", "-i", "0.2", "-c",
                    Long.toString(length.toSeconds() * 5), server.ip()).redirectErrorStream(true).start();
        }

        void churn(int round) {
            String hv2Vtep = ManagerJar.vtep(hv2.ovsdbUnixTarget());
            String torVtep = ManagerJar.vtep(tor1.ovsdbUnixTarget());
            for (int vni = FIRST_VNI; vni < FIRST_VNI + NETWORKS_PER_ROUND; vni++) {
                api.post("/api/v1/networks", "{\"vni\":" + vni + ",\"name\":\"churn-" + vni + "\"}");
                api.bind(hv2Vtep, vm2.switchPort(), vni - FIRST_VNI + 100, vni);
                api.bind(torVtep, server.switchPort(), vni - FIRST_VNI + 100, vni);
            }
            for (int vni = FIRST_VNI; vni < FIRST_VNI + NETWORKS_PER_ROUND; vni++) {
                int vlan = vni - FIRST_VNI + 100;
                api.delete("/api/v1/bindings/" + hv2Vtep + "/" + vm2.switchPort() + "/" + vlan);
                api.delete("/api/v1/bindings/" + torVtep + "/" + server.switchPort() + "/" + vlan);
                api.delete("/api/v1/networks/" + vni);
            }
            api.patch("/api/v1/vteps/" + hv2Vtep, "{\"ovsdbTarget\":\"unix:/nonexistent/hv2.sock\"}");
            api.patch("/api/v1/vteps/" + torVtep, "{\"ovsdbTarget\":\"unix:/nonexistent/tor1.sock\"}");
            OvsdbServerFarm.sleep(Duration.ofSeconds(1));
            api.patch("/api/v1/vteps/" + hv2Vtep, "{\"ovsdbTarget\":\"" + hv2.ovsdbUnixTarget() + "\"}");
            api.patch("/api/v1/vteps/" + torVtep, "{\"ovsdbTarget\":\"" + tor1.ovsdbUnixTarget() + "\"}");
            hv1.vsctl("del-controller", "br-int");
            roamer.exec("ip", "link", "set", "dev", "eth0", "address",
                    String.format("02:aa:00:00:%02x:%02x", round / 256 % 256, round % 256));
            roamer.ping(server.ip(), 2);
            for (int client = 0; client < 3; client++) {
                api.listenBriefly("/api/v1/events");
            }
            OvsdbServerFarm.sleep(Duration.ofSeconds(2));
        }
    }
}
