package org.vtepmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.vtepmanager.app.Manager;
import org.vtepmanager.app.ManagerConfig;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.lab.Endpoint;
import org.vtepmanager.lab.Lab;
import org.vtepmanager.lab.LabPki;
import org.vtepmanager.ofcontroller.OpenFlowConfig;
import org.vtepmanager.ofcontroller.southbound.OpenFlowSouthbound;
import org.vtepmanager.ovsdb.ConnectTarget;
import org.vtepmanager.ovsdb.OvsdbTarget;

/**
 * The real manager, started in the test JVM against a lab: it listens on the lab's manager address (OpenFlow,
 * passive OVSDB) and on loopback for HTTP, with its store in {@code dataDir}; {@link #restart()} stops it and
 * starts it again on the same store and ports, {@link #rebuild} on a new store restored from a backup.
 */
final class RunningManager implements AutoCloseable {

    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

    private ManagerConfig config;
    private final HttpClient http = HttpClient.newHttpClient();
    private Manager manager;

    private RunningManager(ManagerConfig config) {
        this.config = config;
        this.manager = Manager.start(config);
    }

    static RunningManager start(Lab lab, Path dataDir, List<String> ovsdbConnect) {
        return start(lab, dataDir, ovsdbConnect, MacTableConfig.DEFAULTS);
    }

    static RunningManager start(Lab lab, Path dataDir, List<String> ovsdbConnect, MacTableConfig macTables) {
        return start(lab, dataDir, ovsdbConnect, macTables, OpenFlowSouthbound.DEFAULT_COMPARE_PERIOD);
    }

    /** {@code flowComparePeriod}: how often each switch is read whole and compared with what was installed. */
    static RunningManager start(Lab lab, Path dataDir, List<String> ovsdbConnect, Duration flowComparePeriod) {
        return start(lab, dataDir, ovsdbConnect, MacTableConfig.DEFAULTS, flowComparePeriod);
    }

    private static RunningManager start(Lab lab, Path dataDir, List<String> ovsdbConnect, MacTableConfig macTables,
            Duration flowComparePeriod) {
        return new RunningManager(config(lab, dataDir, ovsdbConnect, "ptcp:", macTables, flowComparePeriod));
    }

    /**
     * A manager with the TLS identity {@code tls}: its OpenFlow listener takes TLS only, it dials {@code ssl:}
     * targets, and switches dial its OVSDB listener as {@code ssl:}.
     */
    static RunningManager startWithTls(Lab lab, Path dataDir, List<String> ovsdbConnect, LabPki.Identity tls) {
        return new RunningManager(config(lab, dataDir, ovsdbConnect, "pssl:", MacTableConfig.DEFAULTS,
                OpenFlowSouthbound.DEFAULT_COMPARE_PERIOD).withTls(new ManagerConfig.Tls(tls.privateKey(),
                        tls.certificate(), tls.caCertificate())));
    }

    private static ManagerConfig config(Lab lab, Path dataDir, List<String> ovsdbConnect, String listenMethod,
            MacTableConfig macTables, Duration flowComparePeriod) {
        InetAddress address = parse(lab.managerAddress());
        return new ManagerConfig(new InetSocketAddress(address, freePort()),
                (OvsdbTarget.PassiveTcp) OvsdbTarget.parse(listenMethod + freePort() + ":" + lab.managerAddress()),
                ovsdbConnect.stream().map(ConnectTarget::parse).toList(), "127.0.0.1", freePort(), dataDir,
                new ManagerConfig.Hypervisors("br-int", "netdev", Optional.empty()), ManagerConfig.HardwareVteps.NONE,
                macTables, ManagerConfig.DEFAULT_UNDERLAY_MTU, OpenFlowConfig.DEFAULT_PACKET_IN_LIMIT,
                OpenFlowConfig.defaultIoThreads(), OpenFlowConfig.DEFAULT_READ_BACKLOG, flowComparePeriod,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Where a switch must point {@code set-manager} to reach this manager. */
    String passiveOvsdbTarget() {
        return (config.ovsdbListen().tls() ? "ssl:" : "tcp:") + config.ovsdbListen().bindAddress().getHostAddress()
                + ":" + config.ovsdbListen().port();
    }

    /** The controller the manager points every bridge at: ssl: when it has a TLS identity. */
    String controllerTarget() {
        return (config.tls().isPresent() ? "ssl:" : "tcp:") + config.openflowListen().getAddress().getHostAddress()
                + ":" + config.openflowListen().getPort();
    }

    void restart() {
        whileStopped(() -> {
        });
    }

    /** Stops the manager, runs {@code outage} while it is down, then starts it again on the same store and ports. */
    void whileStopped(Runnable outage) {
        manager.stop();
        try {
            outage.run();
        } finally {
            manager = Manager.start(config);
        }
    }

    /**
     * Stops this manager and starts a new one on the same ports, with an empty store in {@code dataDir} filled first
     * from {@code document} ({@code --restore}): a manager rebuilt from its backup after the loss of its disk.
     */
    void rebuild(Path dataDir, Path document) {
        manager.stop();
        config = config.withDataDir(dataDir);
        Manager.restore(dataDir, document);
        manager = Manager.start(config);
    }

    /** The value of one sample of {@code /metrics}, named with its labels as exposed. */
    double metric(String sample) {
        return get("/metrics").body().lines().filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + sample));
    }

    /** Where a browser finds {@code path} on this manager's HTTP port. */
    String url(String path) {
        return uri(path).toString();
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** The BFD state of the topology's tunnel from VTEP {@code from} to VTEP {@code to}, as {@code from} reports it. */
    Optional<String> tunnelBfd(String from, String to) {
        return new JsonObject(get("/api/v1/topology").body()).getJsonArray("tunnels").stream()
                .map(JsonObject.class::cast)
                .filter(t -> t.getString("from").equals(from) && t.getString("to").equals(to)).findFirst()
                .map(t -> t.getJsonObject("bfd")).map(b -> b.getString("state"));
    }

    /** Binds {@code vm}'s port, on its own VLAN, to network {@code vni} on VTEP {@code vtep}. */
    void bind(String vtep, Endpoint vm, int vni) {
        String body = new JsonObject().put("vtep", vtep).put("port", vm.switchPort()).put("vlan", vm.vlan())
                .put("vni", vni).encode();
        assertThat(post("/api/v1/bindings", body).statusCode()).as("binding %s", body).isEqualTo(201);
    }

    HttpResponse<String> put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A JSON merge patch of the resource at {@code path}. */
    HttpResponse<String> patch(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    @Override
    public void close() {
        manager.stop();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + manager.httpPort() + path);
    }

    /** A manager that stops answering fails the test instead of hanging the build. */
    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(RESPONSE_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A port nothing listens on now, for a listener of ours or a target that must refuse. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InetAddress parse(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
