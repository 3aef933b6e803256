package org.vtepmanager.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vtepmanager.lab.Shell;

/**
 * One real Open vSwitch (ovsdb-server + ovs-vswitchd with the dummy datapath, as OVS's own testsuite runs it) with
 * bridge br0 pointed at a controller on loopback. Child processes, killed by PID in {@link #close()}.
 */
final class DummySwitch implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(300);

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();

    DummySwitch(int controllerPort) {
        dir = TempDirs.create("vtep-bench-ovs-");
        run("ovsdb-tool", "create", dir.resolve("conf.db").toString(), "/usr/share/openvswitch/vswitch.ovsschema");
        spawn("ovsdb-server", "--remote=punix:" + dir.resolve("db.sock"), "--unixctl=" + dir.resolve("ovsdb.ctl"),
                "--log-file=" + dir.resolve("ovsdb.log"), dir.resolve("conf.db").toString());
        Instant deadline = Instant.now().plusSeconds(10);
        while (!Files.exists(dir.resolve("db.sock")) && Instant.now().isBefore(deadline)) {
            OvsdbServerFarm.sleep(Duration.ofMillis(10));
        }
        vsctl("--no-wait", "init");
        spawn("ovs-vswitchd", "--enable-dummy=override", "unix:" + dir.resolve("db.sock"),
                "--unixctl=" + dir.resolve("vswitchd.ctl"), "--log-file=" + dir.resolve("vswitchd.log"));
        vsctl("add-br", "br0", "--", "set", "bridge", "br0", "datapath_type=dummy", "protocols=OpenFlow13",
                "fail_mode=secure", "--", "add-port", "br0", "p1", "--", "set", "interface", "p1", "type=dummy",
                "ofport_request=1", "--", "add-port", "br0", "vx1", "--", "set", "interface", "vx1", "type=vxlan",
                "options:remote_ip=192.0.2.2", "options:key=flow", "ofport_request=10",
                "--", "set-controller", "br0", "tcp:127.0.0.1:" + controllerPort);
    }

    /** {@code ovs-ofctl -O OpenFlow13 [options] COMMAND unix:br0.mgmt [args]}. */
    String ofctl(List<String> options, String subcommand, String... args) {
        List<String> command = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow13"));
        command.addAll(options);
        command.add(subcommand);
        command.add("unix:" + dir.resolve("br0.mgmt"));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    String vsctl(String... args) {
        List<String> command = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:" + dir.resolve("db.sock"),
                "--timeout=20"));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).destroy();
            try {
                if (!processes.get(i).waitFor(5, TimeUnit.SECONDS)) {
                    processes.get(i).destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        TempDirs.delete(dir);
    }

    private void spawn(String... command) {
        try {
            // OVS_RUNDIR: the bridge's management socket and pidfiles go to our directory, not the system's.
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(command[0] + ".out").toFile());
            builder.environment().put("OVS_RUNDIR", dir.toString());
            builder.environment().put("OVS_LOGDIR", dir.toString());
            processes.add(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bulk add-flows of 100,000 flows without bundles takes minutes, hence the long timeout. */
    private static String run(String... command) {
        return Shell.run(List.of(command), Map.of(), COMMAND_TIMEOUT).orThrow().stdout();
    }
}
