package org.vtepmanager.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vtepmanager.lab.Endpoint;
import org.vtepmanager.lab.EndpointSpec;
import org.vtepmanager.lab.ExecResult;
import org.vtepmanager.lab.Hypervisor;
import org.vtepmanager.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Data-plane cost of the manager's pipeline: iperf3 TCP between two VMs on two lab hypervisors, once over hand-made
 * VXLAN ports with OVS's NORMAL action, once over the overlay the manager builds (the real manager jar, dialling the
 * lab). Same machine, same run, alternating.
 */
@Command(name = "dataplane", mixinStandardHelpOptions = true,
        description = "iperf3 between two lab VMs: manager-built overlay vs hand-made NORMAL flows (root).")
final class DataPlaneBench implements Callable<Integer> {

    private static final Pattern RECEIVER = Pattern.compile("([0-9.]+) (G|M|K)bits/sec.*receiver");

    @Option(names = "--seconds", defaultValue = "5",
            description = "Length of each iperf3 run (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Runs of each side, best kept (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--manager-jar", defaultValue = "app/target/vtep-manager.jar",
            description = "The manager to measure (default: ${DEFAULT-VALUE}).")
    Path managerJar;

    @Override
    public Integer call() throws Exception {
        double normal = 0;
        double manager = 0;
        for (int round = 0; round < rounds; round++) {
            normal = Math.max(normal, handMade());
            manager = Math.max(manager, managed());
        }
        System.out.printf("iperf3 TCP, best of %d x %d s: hand-made NORMAL %.0f Mbit/s, manager pipeline %.0f Mbit/s, "
                + "ratio %.2f%n", rounds, seconds, normal, manager, manager / normal);
        System.out.println(new Result("dataplane").put("normal_mbps", normal).put("manager_mbps", manager)
                .put("ratio", manager / normal).line());
        return 0;
    }

    private double handMade() {
        try (Lab lab = Lab.create()) {
            Pair pair = Pair.in(lab);
            pair.hv1.addVxlanPort("vx-hv2", pair.hv2.tunnelIp(), "5000");
            pair.hv2.addVxlanPort("vx-hv1", pair.hv1.tunnelIp(), "5000");
            return pair.iperf(seconds);
        }
    }

    private double managed() throws Exception {
        try (Lab lab = Lab.create()) {
            Pair pair = Pair.in(lab);
            try (ManagerJar manager = ManagerJar.start(managerJar, lab, List.of("--ovsdb-connect",
                    pair.hv1.ovsdbUnixTarget(), "--ovsdb-connect", pair.hv2.ovsdbUnixTarget()))) {
                ManagerApi api = manager.api();
                api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"bench\"}");
                api.bind(ManagerJar.vtep(pair.hv1.ovsdbUnixTarget()), pair.vm1.switchPort(), 0, 5000);
                api.bind(ManagerJar.vtep(pair.hv2.ovsdbUnixTarget()), pair.vm2.switchPort(), 0, 5000);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!pair.vm1.ping(pair.vm2.ip(), 1).allAnswered() && System.nanoTime() < deadline) {
                    OvsdbServerFarm.sleep(Duration.ofMillis(200));
                }
                return pair.iperf(seconds);
            }
        }
    }

    /** Two hypervisors with one VM each (MTU 1450, TX offload off, as the lab makes them). */
    private record Pair(Hypervisor hv1, Hypervisor hv2, Endpoint vm1, Endpoint vm2) {
        static Pair in(Lab lab) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            return new Pair(hv1, hv2, lab.addVm("vm1", hv1, EndpointSpec.untagged("02:00:00:00:0e:01", "10.60.0.1/24")),
                    lab.addVm("vm2", hv2, EndpointSpec.untagged("02:00:00:00:0e:02", "10.60.0.2/24")));
        }

        double iperf(int seconds) {
            ExecResult server = vm2.exec("iperf3", "-s", "-D", "-1");
            if (!server.ok()) {
                throw new IllegalStateException("iperf3 server did not start: " + server.stderr());
            }
            vm1.ping(vm2.ip(), 2);
            ExecResult client = vm1.exec("iperf3", "-c", vm2.ip(), "-t", Integer.toString(seconds));
            Matcher rate = RECEIVER.matcher(client.stdout());
            if (!rate.find()) {
                throw new IllegalStateException("no iperf3 result: " + client.stdout() + client.stderr());
            }
            double value = Double.parseDouble(rate.group(1));
            return switch (rate.group(2)) {
                case "G" -> value * 1000;
                case "K" -> value / 1000;
                default -> value;
            };
        }
    }
}
