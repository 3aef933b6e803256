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
import org.projectfloodlight.openflow.types.OFPort;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.ofcontroller.OfMessages;
import org.vtepmanager.ofcontroller.OpenFlowConfig;
import org.vtepmanager.ofcontroller.OpenFlowServer;
import org.vtepmanager.ofcontroller.OpenFlowSwitch;
import org.vtepmanager.ofcontroller.pipeline.FlowPipeline;
import org.vtepmanager.ofcontroller.pipeline.InstalledSwitch;
import org.vtepmanager.ofcontroller.pipeline.SwitchContext;
import org.vtepmanager.ofcontroller.pipeline.SwitchDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Bulk flow programming: the manager's path (pipeline → diff → one batch → barrier) installs N remote-MAC flows
 * into a real Open vSwitch; the anchor, in the same run and on the same switch, is {@code ovs-ofctl --bundle
 * add-flows} of the same flows. Each side starts from an empty table and ends when the switch confirms.
 */
@Command(name = "bulk-flows", mixinStandardHelpOptions = true,
        description = "Time for the manager to install N MAC flows into OVS, against ovs-ofctl --bundle add-flows.")
final class BulkFlowsBench implements Callable<Integer> {

    private static final Vni VNI = Vni.of(5000);

    @Option(names = "--flows", defaultValue = "100000", description = "MAC flows to install (default: ${DEFAULT-VALUE}).")
    int flows;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds of each side, best kept (default: ${DEFAULT-VALUE}).")
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
            for (int round = 0; round < rounds; round++) {
                ovs.ofctl(List.of(), "del-flows");
                manager = Math.min(manager, managerInstall(sw, of, context));
                check(ovs);
                ovs.ofctl(List.of(), "del-flows");
                long start = System.nanoTime();
                ovs.ofctl(List.of("--bundle"), "add-flows", file.toString());
                ofctl = Math.min(ofctl, (System.nanoTime() - start) / 1e9);
                check(ovs);
            }
            System.out.printf("%d flows: manager %.3f s (%.0f flows/s), ovs-ofctl --bundle %.3f s (%.0f flows/s), "
                    + "ratio %.2f%n", flows, manager, flows / manager, ofctl, flows / ofctl, manager / ofctl);
            System.out.println(new Result("bulk-flows").put("flows", flows).put("manager_s", manager)
                    .put("ofctl_bundle_s", ofctl).put("ratio", manager / ofctl).line());
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

    /** Pipeline, diff against an empty switch, one batch; done when the trailing barrier is answered. */
    private double managerInstall(OpenFlowSwitch sw, OFFactory of, SwitchContext context) throws Exception {
        long start = System.nanoTime();
        SwitchDiff diff = SwitchDiff.between(InstalledSwitch.read(List.of(), List.of()),
                new FlowPipeline(of).desired(context), of);
        sw.send(diff.messages()).get(10, TimeUnit.MINUTES);
        return (System.nanoTime() - start) / 1e9;
    }

    /** The switch must hold every MAC flow (plus the pipeline's few fixed flows), or the timing means nothing. */
    private void check(DummySwitch ovs) throws IOException {
        String aggregate = ovs.ofctl(List.of(), "dump-aggregate", "table=2,metadata=0x1388/0x1ffffff");
        if (!aggregate.contains("flow_count=" + flows)) {
            throw new IllegalStateException("switch does not hold " + flows + " MAC flows: " + aggregate.strip());
        }
    }
}
