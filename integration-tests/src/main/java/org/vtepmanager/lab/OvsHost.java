package org.vtepmanager.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated switch host: its own network namespace running its own ovsdb-server and ovs-vswitchd (userspace
 * datapath), with the tunnel endpoint address on {@code br-phy}, which is plugged into the lab underlay.
 */
public abstract sealed class OvsHost permits Hypervisor, TorSwitch {

    public static final String PHYSICAL_BRIDGE = "br-phy";
    /** ovsdb-server also listens on TCP inside the namespace, for managers that dial tcp: targets. */
    public static final int OVSDB_TCP_PORT = 6640;
    private static final String UPLINK = "uplink";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final String namespace;
    private final Path dir;
    private final String tunnelIp;
    private List<String> serverCommand = List.of();

    OvsHost(String name, String namespace, Path dir, String tunnelIp) {
        this.name = name;
        this.namespace = namespace;
        this.dir = dir;
        this.tunnelIp = tunnelIp;
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public Path runDir() {
        return dir;
    }

    /** The VTEP's tunnel source address on the underlay. */
    public String tunnelIp() {
        return tunnelIp;
    }

    /** The OVSDB target a manager in any namespace can dial. */
    public String ovsdbUnixTarget() {
        return "unix:" + databaseSocket();
    }

    /** The OVSDB target a manager in the root namespace can dial over the underlay. */
    public String ovsdbTcpTarget() {
        return "tcp:" + tunnelIp + ":" + OVSDB_TCP_PORT;
    }

    /** Runs a command inside this host's namespace, with OVS pointed at this host's run directory. */
    public ExecResult exec(String... command) {
        return Shell.inNamespace(namespace, List.of(command), ovsEnvironment(), TIMEOUT);
    }

    /** {@code ovs-vsctl} against this host's database; returns stdout, throws on failure. */
    public String vsctl(String... args) {
        return ovsTool("ovs-vsctl", "--db=" + ovsdbUnixTarget(), "--timeout=20", args).stdout();
    }

    /** {@code ovs-ofctl -O OpenFlow13 COMMAND BRIDGE ARGS...} over the bridge's management socket. */
    public String ofctl(String command, String bridge, String... args) {
        List<String> full = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow13", command,
                "unix:" + dir.resolve(bridge + ".mgmt")));
        full.addAll(List.of(args));
        return Shell.run(full, Map.of(), TIMEOUT).orThrow().stdout();
    }

    /** {@code ovs-appctl} to this host's ovs-vswitchd (found through the pidfile in the run directory). */
    public String appctl(String... args) {
        List<String> full = new ArrayList<>(List.of("ovs-appctl"));
        full.addAll(List.of(args));
        return Shell.run(full, ovsEnvironment(), TIMEOUT).orThrow().stdout();
    }

    /**
     * How many clients this host's ovsdb-server has a session with now (its {@code memory/show}): its own
     * ovs-vswitchd's, and one more for each manager connected to it.
     */
    public int databaseSessions() {
        String memory = appctl("-t", "ovsdb-server", "memory/show");
        Matcher sessions = Pattern.compile("sessions:(\\d+)").matcher(memory);
        if (!sessions.find()) {
            throw new IllegalStateException(name() + ": ovsdb-server's memory/show has no session count: " + memory);
        }
        return Integer.parseInt(sessions.group(1));
    }

    /** This host's ovsdb-server log: what it says of its managers' sessions (a refused certificate, say). */
    public String databaseLog() {
        try {
            return Files.readString(dir.resolve("ovsdb-server.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String dumpFlows(String bridge) {
        return ofctl("dump-flows", bridge);
    }

    /**
     * Gives this switch a TLS identity ({@code ovs-vsctl set-ssl}), for its ovsdb-server's {@code ssl:} and
     * {@code pssl:} managers and ovs-vswitchd's {@code ssl:} controllers.
     */
    public void useTls(LabPki.Identity identity) {
        vsctl("set-ssl", identity.privateKey().toString(), identity.certificate().toString(),
                identity.caCertificate().toString());
    }

    /** The OVSDB target a manager in the root namespace dials over the underlay when this switch listens on pssl:. */
    public String ovsdbSslTarget(int port) {
        return "ssl:" + tunnelIp + ":" + port;
    }

    /** Points this switch's ovsdb-server at a manager that listens (passive mode on the manager's side). */
    public abstract void setManager(String target);

    Map<String, String> ovsEnvironment() {
        return Map.of("OVS_RUNDIR", dir.toString(), "OVS_LOGDIR", dir.toString(), "OVS_DBDIR", dir.toString());
    }

    ExecResult ovsTool(String tool, String db, String timeout, String... args) {
        List<String> full = new ArrayList<>(List.of(tool, db, timeout));
        full.addAll(List.of(args));
        return Shell.run(full, Map.of(), TIMEOUT).orThrow();
    }

    /** Takes the host's link to the underlay down or up: its tunnels lose their path, its databases stay reachable. */
    public void setUplinkUp(boolean up) {
        exec("ip", "link", "set", UPLINK, up ? "up" : "down").orThrow();
    }

    /**
     * Hides this host's database socket from new clients, or shows it again: a manager that dials it cannot open a
     * session, while ovs-vswitchd keeps the one it has (and runs on, as it does only while it holds its database).
     */
    public void setDatabaseReachable(boolean reachable) {
        Path socket = databaseSocket();
        Path hidden = dir.resolve("db.sock.hidden");
        try {
            Files.move(reachable ? hidden : socket, reachable ? socket : hidden);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kills this host's ovsdb-server (SIGKILL, as a crash would) and starts it again on the same databases;
     * ovs-vswitchd and the ovs-vtep emulator reconnect to it by themselves.
     */
    public void restartDatabase() {
        Daemon.of(dir.resolve("ovsdb-server.pid"), dir).ifPresent(server -> {
            server.destroyForcibly();
            Daemon.stop(server);
        });
        exec(serverCommand.toArray(String[]::new)).orThrow();
    }

    /**
     * Creates the databases and starts ovsdb-server and ovs-vswitchd in the namespace. {@code managerRemote} is
     * the database column that holds manager targets, so {@code set-manager} makes the server dial out.
     */
    void startOvs(List<String> schemas, String managerRemote) {
        // The SSL options are ovs-ctl's: set-ssl then gives ovsdb-server its key for ssl: and pssl: managers.
        List<String> server = new ArrayList<>(List.of("ovsdb-server",
                "--remote=punix:" + databaseSocket(), "--remote=ptcp:" + OVSDB_TCP_PORT,
                "--remote=" + managerRemote, "--private-key=db:Open_vSwitch,SSL,private_key",
                "--certificate=db:Open_vSwitch,SSL,certificate", "--ca-cert=db:Open_vSwitch,SSL,ca_cert",
                "--pidfile=" + dir.resolve("ovsdb-server.pid"),
                "--log-file=" + dir.resolve("ovsdb-server.log"), "--detach"));
        for (String schema : schemas) {
            Path db = dir.resolve(schema + ".db");
            Shell.run("ovsdb-tool", "create", db.toString(), "/usr/share/openvswitch/" + schema + ".ovsschema")
                    .orThrow();
            server.add(db.toString());
        }
        serverCommand = List.copyOf(server);
        exec(server.toArray(String[]::new)).orThrow();
        vsctl("--no-wait", "init");
        startSwitchDaemon();
    }

    void startSwitchDaemon() {
        exec("ovs-vswitchd", "unix:" + databaseSocket(), "--pidfile=" + dir.resolve("ovs-vswitchd.pid"),
                "--log-file=" + dir.resolve("ovs-vswitchd.log"), "--detach").orThrow();
    }

    /** Kills this host's ovs-vswitchd (SIGKILL, as a crash would); its database stays up. */
    void killSwitchDaemon() {
        Daemon.of(dir.resolve("ovs-vswitchd.pid"), dir).ifPresent(daemon -> {
            daemon.destroyForcibly();
            Daemon.stop(daemon);
        });
    }

    /** Stops this host's ovs-vswitchd (SIGTERM, as {@code ovs-ctl stop} does); its database stays up. */
    void stopSwitchDaemon() {
        Daemon.of(dir.resolve("ovs-vswitchd.pid"), dir).ifPresent(Daemon::stop);
    }

    void addUnderlayAddress(String address) {
        exec("ip", "addr", "add", address + "/24", "dev", PHYSICAL_BRIDGE).orThrow();
    }

    /** Without duplicate address detection, so that the address is usable at once rather than tentative. */
    void addUnderlayIpv6Address(String address) {
        exec("ip", "addr", "add", address + "/64", "dev", PHYSICAL_BRIDGE, "nodad").orThrow();
    }

    /** br-phy carries the tunnel IP: the userspace datapath sends VXLAN only from an address on an OVS bridge. */
    void joinUnderlay(Underlay underlay, String rootEnd) {
        exec("ip", "link", "set", "lo", "up").orThrow();
        underlay.plug(rootEnd, namespace, UPLINK);
        vsctl("add-br", PHYSICAL_BRIDGE, "--", "set", "bridge", PHYSICAL_BRIDGE, "datapath_type=netdev",
                "--", "add-port", PHYSICAL_BRIDGE, UPLINK);
        exec("ip", "addr", "add", tunnelIp + "/24", "dev", PHYSICAL_BRIDGE).orThrow();
        exec("ip", "link", "set", PHYSICAL_BRIDGE, "up").orThrow();
        exec("ip", "link", "set", UPLINK, "up").orThrow();
    }

    /** The unix socket the host's ovsdb-server listens on, for ovs-vswitchd, the tools and the manager. */
    private Path databaseSocket() {
        return dir.resolve("db.sock");
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " " + name + " (" + tunnelIp + ")";
    }
}
