package org.vtepmanager.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.ofcontroller.OfMessages;
import org.vtepmanager.ofcontroller.OpenFlowConfig;
import org.vtepmanager.ofcontroller.OpenFlowServer;
import org.vtepmanager.ofcontroller.OpenFlowSwitch;
import org.vtepmanager.ofcontroller.pipeline.FlowPipeline;
import org.vtepmanager.ofcontroller.pipeline.InstalledSwitch;
import org.vtepmanager.ofcontroller.pipeline.PipelineSpec;
import org.vtepmanager.ofcontroller.pipeline.SwitchContext;
import org.vtepmanager.ofcontroller.pipeline.SwitchComparison;
import org.vtepmanager.ofcontroller.pipeline.SwitchDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Bulk flow programming: the manager's path (pipeline → diff → one batch → barrier) installs N remote-MAC flows
 * into a real Open vSwitch; the anchor, in the same run and on the same switch, is {@code ovs-ofctl --bundle
 * add-flows} of the same flows. Each side starts from an empty table and ends when the switch confirms.
 *
 * <p>Then the switch, holding the manager's flows, is read back and compared with the model as the controller
 * does every period ({@link SwitchComparison}): how long the controller's thread is held when the read is compared
 * whole, in one go, against the longest hold when it is compared a reply part at a time as the parts arrive.
 */
@Command(name = "bulk-flows", mixinStandardHelpOptions = true,
        description = "Time for the manager to install N MAC flows into OVS, against ovs-ofctl --bundle add-flows.")
final class BulkFlowsBench implements Callable<Integer> {

    private static final Vni VNI = Vni.of(5000);

    @Option(names = "--flows", defaultValue = "100000",
            description = "MAC flows to install (default: ${DEFAULT-VALUE}).")
    int flows;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Rounds of each side, best kept (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor();
        OFFactory of = new OfMessages().factory();
        OpenFlowServer server = new OpenFlowServer(OpenFlowConfig.listeningOn(new InetSocketAddress("127.0.0.1", 0)),
                callbacks);
        int port = server.start().getPort();
        try (DummySwitch ovs = new DummySwitch(port)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (server.getSwitches().isEmpty() && System.nanoTime() < deadline) {
                OvsdbServerFarm.sleep(Duration.ofMillis(20));
            }
            OpenFlowSwitch sw = server.getSwitches().iterator().next();
            SwitchContext context = context();
            Path file = ovs.file("flows.txt");
            Files.write(file, ofctlLines());
            double manager = Double.MAX_VALUE;
            double ofctl = Double.MAX_VALUE;
            Holds holds = new Holds(Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, 0);
            for (int round = 0; round < rounds; round++) {
                ovs.ofctl(List.of(), "del-flows");
                InstalledSwitch installed = new InstalledSwitch();
                manager = Math.min(manager, managerInstall(sw, of, context, installed));
                check(ovs);
                holds = holds.best(compareHolds(sw, of, installed, callbacks));
                ovs.ofctl(List.of(), "del-flows");
                long start = System.nanoTime();
                ovs.ofctl(List.of("--bundle"), "add-flows", file.toString());
                ofctl = Math.min(ofctl, (System.nanoTime() - start) / 1e9);
                check(ovs);
            }
            System.out.printf("%d flows: manager %.3f s (%.0f flows/s), ovs-ofctl --bundle %.3f s (%.0f flows/s), "
                    + "ratio %.2f%n", flows, manager, flows / manager, ofctl, flows / ofctl, manager / ofctl);
            System.out.printf("compared with the model: the controller's thread held %.1f ms by the whole read; by one "
                    + "of its %d parts, %.2f ms (median), at most %.1f ms%n", holds.wholeMs(), holds.parts(),
                    holds.medianPartMs(), holds.longestPartMs());
            System.out.println(new Result("bulk-flows").put("flows", flows).put("manager_s", manager)
                    .put("ofctl_bundle_s", ofctl).put("ratio", manager / ofctl).put("compare_whole_ms", holds.wholeMs())
                    .put("compare_part_median_ms", holds.medianPartMs())
                    .put("compare_part_max_ms", holds.longestPartMs()).put("compare_parts", holds.parts()).line());
        } finally {
            server.close();
            callbacks.shutdownNow();
        }
        return 0;
    }

    /** Only remote MACs, behind tunnel port 10: one destination flow each, nothing else in the VNI. */
    private SwitchContext context() {
        List<SwitchContext.MacRoute> macs = new ArrayList<>(flows);
        for (int i = 0; i < flows; i++) {
            macs.add(new SwitchContext.RemoteMac(VNI, new MacAddress(0x0200_0000_0000L + i), OFPort.of(10)));
        }
        return new SwitchContext(List.of(), Map.of(), macs, 300);
    }

    private List<String> ofctlLines() {
        List<String> lines = new ArrayList<>(flows);
        for (int i = 0; i < flows; i++) {
            lines.add(String.format("table=2,priority=100,metadata=0x1388/0x1ffffff,dl_dst=%s,"
                    + "actions=set_field:0x1388->tun_id,output:10", new MacAddress(0x0200_0000_0000L + i)));
        }
        return lines;
    }

    /**
     * Pipeline, diff against an empty switch ({@code installed}, which then holds the model of what was sent), one
     * batch; done when the trailing barrier is answered.
     */
    private double managerInstall(OpenFlowSwitch sw, OFFactory of, SwitchContext context, InstalledSwitch installed)
            throws Exception {
        long start = System.nanoTime();
        SwitchDiff diff = SwitchDiff.between(installed, new FlowPipeline(of).desired(context), of);
        sw.send(diff.messages()).get(10, TimeUnit.MINUTES);
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * The switch read twice on the controller's thread ({@code callbacks}), as a comparison reads it: once a part
     * at a time, then once compared whole after the last part arrived, as before SwitchComparison. Both must find
     * nothing. In that order, so that the whole read, held in memory, does not make the collections that fall
     * within the parts any longer.
     */
    private static Holds compareHolds(OpenFlowSwitch sw, OFFactory of, InstalledSwitch installed,
            ExecutorService callbacks) throws Exception {
        SwitchComparison comparison = callbacks.submit(installed::compareWithRead).get(1, TimeUnit.MINUTES);
        List<Double> parts = new ArrayList<>();
        sw.sendRequest(ourFlows(of), part -> {
            long start = System.nanoTime();
            comparison.flows(part.getEntries());
            parts.add((System.nanoTime() - start) / 1e6);
        }).get(1, TimeUnit.MINUTES);
        requireNone(callbacks.submit(() -> comparison.finish(List.of())).get(1, TimeUnit.MINUTES));
        List<OFFlowStatsEntry> all = sw.sendRequest(ourFlows(of)).get(1, TimeUnit.MINUTES).stream()
                .flatMap(part -> part.getEntries().stream()).toList();
        double whole = callbacks.submit(() -> {
            SwitchComparison once = installed.compareWithRead();
            long start = System.nanoTime();
            once.flows(all);
            double ms = (System.nanoTime() - start) / 1e6;
            requireNone(once.finish(List.of()));
            return ms;
        }).get(1, TimeUnit.MINUTES);
        List<Double> sorted = parts.stream().sorted().toList();
        return new Holds(whole, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), parts.size());
    }

    private static OFFlowStatsRequest ourFlows(OFFactory of) {
        return of.buildFlowStatsRequest().setTableId(TableId.ALL).setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY)
                .setCookie(U64.of(PipelineSpec.COOKIE_OWNER)).setCookieMask(U64.of(PipelineSpec.COOKIE_OWNER_MASK))
                .build();
    }

    private static void requireNone(InstalledSwitch.Differences differences) {
        if (!differences.none()) {
            throw new IllegalStateException("the switch differs from the model as sent: " + differences);
        }
    }

    /**
     * How long one comparison held the controller's thread: compared whole, or a part at a time (the median part
     * and the longest, which may hold a garbage collection).
     */
    private record Holds(double wholeMs, double medianPartMs, double longestPartMs, int parts) {
        Holds best(Holds other) {
            return new Holds(Math.min(wholeMs, other.wholeMs), Math.min(medianPartMs, other.medianPartMs),
                    Math.min(longestPartMs, other.longestPartMs), other.parts);
        }
    }

    /** The switch must hold every MAC flow (plus the pipeline's few fixed flows), or the timing means nothing. */
    private void check(DummySwitch ovs) throws IOException {
        String aggregate = ovs.ofctl(List.of(), "dump-aggregate", "table=2,metadata=0x1388/0x1ffffff");
        if (!aggregate.contains("flow_count=" + flows)) {
            throw new IllegalStateException("switch does not hold " + flows + " MAC flows: " + aggregate.strip());
        }
    }
}
