package org.vtepmanager.ovsdb;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real ovsdb-server with the Open_vSwitch (and optionally hardware_vtep) schema, run as a child process of the
 * test on a unix socket in a temporary directory; no namespace, no root. Skips the test when Open vSwitch is not
 * installed, except under {@code -Dlab.requireOvs=true} (CI), where it fails.
 */
public final class RealOvsdbServer implements AutoCloseable {

    private static final Path SCHEMAS = Path.of("/usr/share/openvswitch");

    private final Path dir;
    private final List<String> schemas;
    private final List<String> options;
    private Process process;
    private Process vswitchd;

    private RealOvsdbServer(Path dir, List<String> schemas, List<String> options) {
        this.dir = dir;
        this.schemas = schemas;
        this.options = options;
    }

    public static RealOvsdbServer start(List<String> schemas, String... extraRemotes) {
        requireOvs();
        return start(tempDir(), schemas, Stream.of(extraRemotes).map(remote -> "--remote=" + remote).toList());
    }

    /**
     * A vswitch server whose {@code remote} ({@code ssl:} or {@code pssl:}) speaks TLS, with a self-signed
     * certificate made for it by openssl (which Open vSwitch's packages depend on). The certificate is its own CA:
     * a manager given the same key and certificate ({@link #tlsKey()}, {@link #tlsCertificate()}) trusts the server
     * and is trusted by it.
     */
    public static RealOvsdbServer vswitchOverTls(String remote) {
        requireOvs();
        Path dir = tempDir();
        Path key = dir.resolve("key.pem");
        Path certificate = dir.resolve("cert.pem");
        try {
            selfSigned(key, certificate);
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
        return start(dir, List.of("vswitch"), List.of("--remote=" + remote, "--private-key=" + key,
                "--certificate=" + certificate, "--ca-cert=" + certificate));
    }

    /** Writes a new key and a self-signed certificate for it, valid for a day. */
    public static void selfSigned(Path key, Path certificate) {
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=vtep-manager-test",
                "-keyout", key.toString(), "-out", certificate.toString());
    }

    /** The key of a server made by {@link #vswitchOverTls}. */
    public Path tlsKey() {
        return dir.resolve("key.pem");
    }

    /** The self-signed certificate of a server made by {@link #vswitchOverTls}. */
    public Path tlsCertificate() {
        return dir.resolve("cert.pem");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("vtep-ovsdb-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server that fails to start is stopped and its directory removed before the failure goes on. */
    private static RealOvsdbServer start(Path dir, List<String> schemas, List<String> options) {
        RealOvsdbServer server = new RealOvsdbServer(dir, schemas, options);
        try {
            for (String schema : schemas) {
                run("ovsdb-tool", "create", dir.resolve(schema + ".db").toString(),
                        SCHEMAS.resolve(schema + ".ovsschema").toString());
            }
            server.launch();
            if (schemas.contains("vswitch")) {
                server.vsctl("--no-wait", "init");
            }
            return server;
        } catch (RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
    }

    /** A hardware_vtep server holding one Physical_Switch, br0, with {@code tunnelIp} and {@code ports}. */
    public static RealOvsdbServer hardwareVtep(String tunnelIp, String... ports) {
        RealOvsdbServer server = start(List.of("vtep"));
        server.vtepctl("add-ps", "br0");
        server.vtepctl("set", "Physical_Switch", "br0", "tunnel_ips=" + tunnelIp);
        for (String port : ports) {
            server.vtepctl("add-port", "br0", port);
        }
        return server;
    }

    public static RealOvsdbServer vswitch(String... extraRemotes) {
        return start(List.of("vswitch"), extraRemotes);
    }

    /** (Re)starts the server process on the same databases, e.g. after {@link #kill()}. */
    public void launch() {
        List<String> command = new ArrayList<>(List.of("ovsdb-server", "--remote=punix:" + socket(),
                "--unixctl=" + dir.resolve("ovsdb-server.ctl"), "--log-file=" + dir.resolve("ovsdb-server.log")));
        command.addAll(options);
        schemas.forEach(schema -> command.add(dir.resolve(schema + ".db").toString()));
        try {
            Files.deleteIfExists(socket());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plusSeconds(10);
        while (!accepting() && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofMillis(20));
        }
        if (!accepting()) {
            fail("ovsdb-server did not listen on " + socket());
        }
    }

    /** The socket file appears at bind(), a moment before listen(): a client in between is refused. */
    private boolean accepting() {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket()))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Path socket() {
        return dir.resolve("db.sock");
    }

    public OvsdbTarget unixTarget() {
        return OvsdbTarget.parse("unix:" + socket());
    }

    public String vsctl(String... args) {
        List<String> command = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:" + socket(), "--timeout=10"));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    public String vtepctl(String... args) {
        List<String> command = new ArrayList<>(List.of("vtep-ctl", "--db=unix:" + socket(), "--timeout=10"));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /**
     * Runs ovs-vswitchd on this database, with the dummy datapath of OVS's own testsuite (no kernel module, no
     * root): its bridges get a datapath id, and it dials their controllers and reports whether it reached them.
     */
    public void startVswitchd() {
        try {
            vswitchd = new ProcessBuilder("ovs-vswitchd", "--enable-dummy=override", "unix:" + socket(),
                    "--unixctl=" + dir.resolve("vswitchd.ctl"), "--log-file=" + dir.resolve("vswitchd.log"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("vswitchd.stdout").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the server dial {@code remote} too (as {@code set-manager} would), while it runs. */
    public void addRemote(String remote) {
        run("ovs-appctl", "-t", dir.resolve("ovsdb-server.ctl").toString(), "ovsdb-server/add-remote", remote);
    }

    /** Stops dialling {@code remote} and drops that session (as {@code del-manager} would). */
    public void removeRemote(String remote) {
        run("ovs-appctl", "-t", dir.resolve("ovsdb-server.ctl").toString(), "ovsdb-server/remove-remote", remote);
    }

    /** The server's own log: it says when a remote it dials got connected. */
    public String log() {
        try {
            Path log = dir.resolve("ovsdb-server.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many clients the server has a session with now (its {@code memory/show} report). */
    public int sessions() {
        String memory = run("ovs-appctl", "-t", dir.resolve("ovsdb-server.ctl").toString(), "memory/show");
        java.util.regex.Matcher sessions = java.util.regex.Pattern.compile("sessions:(\\d+)").matcher(memory);
        return sessions.find() ? Integer.parseInt(sessions.group(1)) : 0;
    }

    /** Freezes the server (SIGSTOP): its sockets stay open but it answers nothing, like a hung switch. */
    public void freeze() {
        run("kill", "-STOP", Long.toString(process.pid()));
    }

    public void thaw() {
        run("kill", "-CONT", Long.toString(process.pid()));
    }

    /** Kills the server process (SIGKILL) and waits for it to be gone; one already gone stays so. */
    public void kill() {
        if (process.isAlive()) {
            thaw();
        }
        stop(process);
    }

    private static void stop(Process started) {
        started.destroyForcibly();
        try {
            started.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (vswitchd != null) {
            stop(vswitchd);
        }
        if (process != null) {
            kill();
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void requireOvs() {
        boolean installed = Files.isExecutable(Path.of("/usr/sbin/ovsdb-server"))
                || Files.isExecutable(Path.of("/usr/bin/ovsdb-server"));
        if (!installed) {
            if (Boolean.getBoolean("lab.requireOvs")) {
                fail("Open vSwitch required (CI) but ovsdb-server is not installed");
            }
            Assumptions.abort("Open vSwitch is not installed (ovsdb-server missing)");
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
