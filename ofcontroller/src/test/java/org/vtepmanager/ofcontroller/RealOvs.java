package org.vtepmanager.ofcontroller;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * A real Open vSwitch (ovsdb-server and ovs-vswitchd) as child processes of the test, with the dummy datapath that
 * OVS's own testsuite uses: no kernel module, no root, no namespace. Everything lives in one temporary directory
 * that {@link #close()} removes after killing exactly the two processes it started.
 */
public final class RealOvs implements AutoCloseable {

    private static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");
    private static final List<String> BINARIES = List.of("ovsdb-tool", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl",
            "ovs-ofctl");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private Process vswitchd;

    private RealOvs(Path dir) {
        this.dir = dir;
    }

    public static RealOvs start() {
        requireOvs();
        RealOvs ovs;
        try {
            ovs = new RealOvs(Files.createTempDirectory("vtep-of-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ovs.launch();
            return ovs;
        } catch (RuntimeException | Error e) {
            ovs.close();
            throw e;
        }
    }

    private void launch() {
        run("ovsdb-tool", "create", dir.resolve("conf.db").toString(), SCHEMA.toString());
        spawn("ovsdb", "ovsdb-server", "--remote=punix:" + dir.resolve("db.sock"),
                "--unixctl=" + dir.resolve("ovsdb.ctl"), "--log-file=" + dir.resolve("ovsdb.log"),
                dir.resolve("conf.db").toString());
        Await.until(START_TIMEOUT, "ovsdb-server socket", () -> Files.exists(dir.resolve("db.sock")));
        vsctl("--no-wait", "init");
        vswitchd = spawn("vswitchd", "ovs-vswitchd", "--enable-dummy=override", "unix:" + dir.resolve("db.sock"),
                "--unixctl=" + dir.resolve("vswitchd.ctl"), "--log-file=" + dir.resolve("vswitchd.log"));
    }

    /**
     * A dummy-datapath bridge with one dummy port (OpenFlow port 1) that speaks only OpenFlow 1.3 to a controller on
     * the loopback, all in one transaction so the port exists before the switch connects. {@code secure} fail mode
     * keeps OVS from installing its own NORMAL flow; a 1 s reconnect backoff keeps reconnect tests short.
     */
    public void addBridge(String bridge, int controllerPort, String port) {
        addBridge(bridge, "tcp:127.0.0.1:" + controllerPort, port);
    }

    /** The same with any controller target, e.g. {@code ssl:127.0.0.1:6653} (see {@link #useTls()}). */
    public void addBridge(String bridge, String controller, String port) {
        vsctl("add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=dummy", "protocols=OpenFlow13",
                "fail_mode=secure", "--", "add-port", bridge, port, "--", "set", "interface", port, "type=dummy",
                "ofport_request=1", "--", "set-controller", bridge, controller,
                "--", "set", "controller", bridge, "max_backoff=1000", "connection_mode=out-of-band");
    }

    /** A PEM private key and its certificate. */
    public record Credentials(Path privateKey, Path certificate) {
    }

    /**
     * Gives the switch a self-signed certificate, which it also trusts as its only CA, so that its {@code ssl:}
     * controllers can be tried. A controller may present and trust the same certificate: both sides then trust
     * each other.
     */
    public Credentials useTls() {
        Credentials own = selfSigned("switch");
        useTls(own, own.certificate());
        return own;
    }

    /** The switch presents {@code own} and trusts only certificates signed by {@code caCertificate}. */
    public void useTls(Credentials own, Path caCertificate) {
        vsctl("set-ssl", own.privateKey().toString(), own.certificate().toString(), caCertificate.toString());
    }

    /**
     * A new key and self-signed certificate in this switch's directory, made by openssl (which Open vSwitch's
     * packages depend on), so they go when it does.
     */
    public Credentials selfSigned(String name) {
        Credentials made = new Credentials(dir.resolve(name + "-key.pem"), dir.resolve(name + "-cert.pem"));
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=" + name,
                "-keyout", made.privateKey().toString(), "-out", made.certificate().toString());
        return made;
    }

    public void addPort(String bridge, String port, int ofport) {
        vsctl("add-port", bridge, port, "--", "set", "interface", port, "type=dummy", "ofport_request=" + ofport);
    }

    public void deletePort(String bridge, String port) {
        vsctl("del-port", bridge, port);
    }

    public DatapathId dpid(String bridge) {
        String hex = vsctl("get", "bridge", bridge, "datapath_id").trim().replace("\"", "");
        return DatapathId.of(Long.parseUnsignedLong(hex, 16));
    }

    public String vsctl(String... args) {
        List<String> command = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:" + dir.resolve("db.sock"),
                "--timeout=10"));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** ovs-ofctl on the bridge's management socket: a second, independent view of the switch, or an operator. */
    public String ofctl(String command, String bridge, String... args) {
        List<String> line = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow13", command,
                "unix:" + dir.resolve(bridge + ".mgmt")));
        line.addAll(List.of(args));
        return run(line.toArray(String[]::new));
    }

    /** A VXLAN port with the VNI set per packet ({@code key=flow}), at a fixed OpenFlow number. */
    public void addTunnelPort(String bridge, String port, String remoteIp, int ofport) {
        vsctl("add-port", bridge, port, "--", "set", "interface", port, "type=vxlan", "options:remote_ip=" + remoteIp,
                "options:key=flow", "ofport_request=" + ofport);
    }

    /** {@code ovs-appctl} to this switch's ovs-vswitchd, e.g. {@code ofproto/trace}. */
    public String appctl(String... args) {
        List<String> command = new ArrayList<>(List.of("ovs-appctl", "-t", dir.resolve("vswitchd.ctl").toString()));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** A 42-byte UDP frame from {@code sourceMac} into port 1, in {@code netdev-dummy/receive}'s flow syntax. */
    public static String udpFrameFrom(String sourceMac) {
        return "in_port(1),eth(src=" + sourceMac + ",dst=02:00:00:00:ff:01),eth_type(0x0800),ipv4(src=10.0.0.1,"
                + "dst=10.0.0.2,proto=17,tos=0,ttl=64,frag=no),udp(src=1000,dst=2000)";
    }

    /** From now on ovs-vswitchd logs every OpenFlow message it receives, for {@link #received}. */
    public void logOpenFlowMessages() {
        appctl("vlog/set", "vconn:file:dbg");
    }

    /** How many OpenFlow messages whose description starts so (e.g. "OFPST_AGGREGATE request") it logged. */
    public long received(String message) {
        return received().stream().filter(description -> description.startsWith(message)).count();
    }

    /** The description of every OpenFlow message it logged receiving, in order. */
    public List<String> received() {
        try (Stream<String> lines = Files.lines(dir.resolve("vswitchd.log"))) {
            return lines.filter(line -> line.contains("received: "))
                    .map(line -> line.substring(line.indexOf("received: ") + "received: ".length())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGSTOP: the switch's TCP connections stay up but it answers nothing, like a hung switch. */
    public void freezeSwitch() {
        run("kill", "-STOP", Long.toString(vswitchd.pid()));
    }

    public void thawSwitch() {
        run("kill", "-CONT", Long.toString(vswitchd.pid()));
    }

    /** SIGKILL (frozen or not): its connections close at once, as when a switch crashes. */
    public void killSwitch() {
        try {
            vswitchd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (vswitchd != null && vswitchd.isAlive()) {
            thawSwitch();
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            stop(processes.get(i));
        }
        deleteRecursively(dir);
    }

    private Process spawn(String name, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile());
        builder.environment().put("OVS_RUNDIR", dir.toString());
        builder.environment().put("OVS_LOGDIR", dir.toString());
        builder.environment().put("OVS_DBDIR", dir.toString());
        try {
            Process process = builder.start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
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

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireOvs() {
        List<String> missing = BINARIES.stream().filter(binary -> !onPath(binary)).toList();
        if (missing.isEmpty() && Files.exists(SCHEMA)) {
            return;
        }
        String reason = "Open vSwitch is not installed (missing " + (missing.isEmpty() ? SCHEMA : missing) + ")";
        if (Boolean.getBoolean("lab.requireOvs")) {
            fail(reason + ", but lab.requireOvs=true (CI) requires it");
        }
        Assumptions.abort(reason);
    }

    private static boolean onPath(String binary) {
        return Stream.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")
                .anyMatch(d -> Files.isExecutable(Path.of(d, binary)));
    }
}
