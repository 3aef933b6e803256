package org.vtepmanager.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vtepmanager.lab.Shell;
import org.vtepmanager.ovsdb.OvsdbTarget;

/**
 * Real ovsdb-server processes with the Open_vSwitch schema, each standing for a hypervisor (no vswitchd: the
 * benchmark measures the database side), or with the hardware_vtep schema, standing for a ToR. Child processes of
 * this JVM, killed by PID in {@link #close()}.
 */
final class OvsdbServerFarm implements AutoCloseable {

    private final Path root;
    private final List<Process> servers = new ArrayList<>();

    OvsdbServerFarm() {
        root = TempDirs.create("vtep-bench-ovsdb-");
    }

    /** Starts server {@code index} with {@code other_config:local_ip=IP}; returns its unix target. */
    OvsdbTarget start(int index, String localIp) {
        Path dir = serve("hv" + index, "vswitch");
        String db = "--db=unix:" + dir.resolve("db.sock");
        run("ovs-vsctl", db, "--no-wait", "init", "--", "set", "Open_vSwitch", ".", "other_config:local_ip=" + localIp,
                "external_ids:system-id=hv" + index);
        return OvsdbTarget.parse("unix:" + dir.resolve("db.sock"));
    }

    /**
     * Starts a hardware_vtep database standing for a ToR (no emulator: the benchmark measures what the manager
     * writes): one Physical_Switch {@code name} with {@code tunnel_ips=IP} and the given ports. Returns its target.
     */
    OvsdbTarget startTor(String name, String tunnelIp, List<String> ports) {
        Path dir = serve(name, "vtep");
        String db = "--db=unix:" + dir.resolve("db.sock");
        List<String> command = new ArrayList<>(List.of("vtep-ctl", db, "add-ps", name, "--", "set",
                "Physical_Switch", name, "tunnel_ips=" + tunnelIp));
        ports.forEach(port -> command.addAll(List.of("--", "add-port", name, port)));
        run(command.toArray(String[]::new));
        return OvsdbTarget.parse("unix:" + dir.resolve("db.sock"));
    }

    private Path serve(String name, String schema) {
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run("ovsdb-tool", "create", dir.resolve("conf.db").toString(),
                "/usr/share/openvswitch/" + schema + ".ovsschema");
        try {
            servers.add(new ProcessBuilder("ovsdb-server", "--remote=punix:" + dir.resolve("db.sock"),
                    "--unixctl=" + dir.resolve("ovsdb.ctl"), "--log-file=" + dir.resolve("ovsdb.log"),
                    dir.resolve("conf.db").toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitListening(name, dir.resolve("db.sock"));
        return dir;
    }

    /**
     * Until the server accepts a connection: its socket file exists from bind(), before it listens, and a client
     * that came in between was refused (a mesh run at N=200 failed so on a busy machine).
     */
    private static void awaitListening(String name, Path socket) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                probe.connect(UnixDomainSocketAddress.of(socket));
                return;
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("ovsdb-server " + name + " did not listen on " + socket
                            + " within 10 s: " + notYet.getMessage(), notYet);
                }
                sleep(Duration.ofMillis(5));
            }
        }
    }

    @Override
    public void close() {
        for (Process server : servers) {
            server.destroyForcibly();
        }
        for (Process server : servers) {
            try {
                server.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        TempDirs.delete(root);
    }

    private static void run(String... command) {
        Shell.run(command).orThrow();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
