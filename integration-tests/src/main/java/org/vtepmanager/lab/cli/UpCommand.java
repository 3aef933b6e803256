package org.vtepmanager.lab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vtepmanager.lab.Endpoint;
import org.vtepmanager.lab.EndpointSpec;
import org.vtepmanager.lab.Hypervisor;
import org.vtepmanager.lab.Lab;
import org.vtepmanager.lab.OvsHost;
import org.vtepmanager.lab.TorSwitch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Builds a demo topology and keeps it until the process is stopped (Ctrl-C or SIGTERM), then removes it. The
 * {@code --env-file} tells a launcher where the manager must listen and which OVSDB targets to dial.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Build a lab and keep it until interrupted; every VM and server gets an address in "
                + "10.100.0.0/24.")
final class UpCommand implements Callable<Integer> {

    @Option(names = "--hypervisors", defaultValue = "2",
            description = "Open vSwitch hypervisors (default: ${DEFAULT-VALUE}).")
    int hypervisors;

    @Option(names = "--vms-per-hypervisor", defaultValue = "1",
            description = "VMs on each hypervisor (default: ${DEFAULT-VALUE}).")
    int vmsPerHypervisor;

    @Option(names = "--tors", defaultValue = "1", description = "Emulated hardware VTEPs (default: ${DEFAULT-VALUE}).")
    int tors;

    @Option(names = "--servers-per-tor", defaultValue = "1",
            description = "Bare-metal servers behind each ToR (default: ${DEFAULT-VALUE}).")
    int serversPerTor;

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "Write LAB_* shell variables here once the lab is ready; removed at teardown.")
    Path envFile;

    @Override
    public Integer call() throws Exception {
        requireRange("--hypervisors", hypervisors, 0, 50);
        requireRange("--vms-per-hypervisor", vmsPerHypervisor, 0, 20);
        requireRange("--tors", tors, 0, 10);
        requireRange("--servers-per-tor", serversPerTor, 0, 20);
        // The lab removes itself from its own shutdown hook; ours only withdraws the env file.
        Runtime.getRuntime().addShutdownHook(new Thread(this::deleteEnvFile, "vtep-lab-env-file"));
        Lab lab = Lab.create();
        build(lab);
        System.out.print(summary(lab));
        if (envFile != null) {
            Files.writeString(envFile, environment(lab));
        }
        System.out.println("lab " + lab.prefix() + " is up; Ctrl-C removes it");
        Thread.currentThread().join();
        return 0;
    }

    private void build(Lab lab) {
        int address = 1;
        for (int h = 1; h <= hypervisors; h++) {
            Hypervisor hv = lab.addHypervisor("hv" + h);
            for (int v = 1; v <= vmsPerHypervisor; v++, address++) {
                lab.addVm("vm" + h + "x" + v, hv, spec(address));
            }
        }
        for (int t = 1; t <= tors; t++) {
            TorSwitch tor = lab.addTor("tor" + t);
            for (int s = 1; s <= serversPerTor; s++, address++) {
                lab.addServer("bm" + t + "x" + s, tor, spec(address));
            }
        }
    }

    private static EndpointSpec spec(int index) {
        return EndpointSpec.untagged(String.format("02:00:00:64:%02x:%02x", index / 256, index % 256),
                "10.100." + (index / 250) + "." + (1 + index % 250) + "/16");
    }

    private static String summary(Lab lab) {
        StringBuilder out = new StringBuilder("lab " + lab.prefix() + ", manager address "
                + lab.managerAddress() + "\n");
        for (OvsHost host : lab.hosts()) {
            out.append(String.format("  %-6s %-10s tunnel %-14s ovsdb %s%n", host.name(),
                    host instanceof TorSwitch ? "ToR" : "hypervisor", host.tunnelIp(), host.ovsdbUnixTarget()));
        }
        for (Endpoint endpoint : lab.endpoints()) {
            out.append("  ").append(endpoint).append(" (ip netns exec ").append(endpoint.namespace()).append(" ...)\n");
        }
        return out.toString();
    }

    /**
     * Each switch target and endpoint port names its host by its namespace, the VTEP id the manager is to give it:
     * unique to this lab, so that a store reused across labs never holds that id for another lab's socket, and what
     * {@code ip netns exec} takes.
     */
    private static String environment(Lab lab) {
        List<String> hv = new ArrayList<>();
        List<String> tor = new ArrayList<>();
        for (OvsHost host : lab.hosts()) {
            (host instanceof TorSwitch ? tor : hv).add(host.namespace() + "=" + host.ovsdbUnixTarget());
        }
        List<String> ports = new ArrayList<>();
        for (Endpoint endpoint : lab.endpoints()) {
            ports.add(endpoint.host().namespace() + "=" + endpoint.switchPort());
        }
        return "LAB_PREFIX=" + lab.prefix() + "\n"
                + "LAB_ENDPOINT_PORTS=\"" + String.join(" ", ports) + "\"\n"
                + "LAB_MANAGER_ADDRESS=" + lab.managerAddress() + "\n"
                + "LAB_HYPERVISOR_TARGETS=\"" + String.join(" ", hv) + "\"\n"
                + "LAB_TOR_TARGETS=\"" + String.join(" ", tor) + "\"\n";
    }

    private void deleteEnvFile() {
        if (envFile != null) {
            try {
                Files.deleteIfExists(envFile);
            } catch (IOException e) {
                System.err.println("vtep-lab: cannot remove " + envFile + ": " + e.getMessage());
            }
        }
    }

    private static void requireRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " " + value + " is out of range " + min + ".." + max);
        }
    }
}
