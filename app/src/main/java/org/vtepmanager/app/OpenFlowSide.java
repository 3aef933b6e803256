package org.vtepmanager.app;

import io.netty.handler.ssl.SslContext;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.ofcontroller.OpenFlowConfig;
import org.vtepmanager.ofcontroller.OpenFlowCounters;
import org.vtepmanager.ofcontroller.OpenFlowServer;
import org.vtepmanager.ofcontroller.southbound.LearningSettings;
import org.vtepmanager.ofcontroller.southbound.OpenFlowSouthbound;

/**
 * The OpenFlow side of a running manager: the controller's server and the southbound that programs every switch,
 * sharing one thread for all OpenFlow state (the server delivers its callbacks there).
 */
final class OpenFlowSide implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "openflow-southbound");
        t.setDaemon(true);
        return t;
    });
    private final OpenFlowServer server;
    private final InetSocketAddress listen;

    /**
     * {@code tls}: the server context of the manager's TLS identity as it is when a switch connects; with it the
     * listener takes TLS only.
     */
    OpenFlowSide(ManagerConfig config, Optional<Supplier<SslContext>> tls, TopologyService topology, MacTables macs,
            int macAgingSeconds) {
        this.listen = config.openflowListen();
        OpenFlowConfig settings = OpenFlowConfig.listeningOn(config.openflowListen())
                .withIoThreads(config.openflowIoThreads()).withPacketInLimit(config.packetInLimit())
                .withReadBacklog(config.openflowReadBacklog());
        this.server = new OpenFlowServer(tls.map(settings::withTls).orElse(settings), thread);
        server.addListener(new OpenFlowSouthbound(topology, macs, new LearningSettings(macAgingSeconds),
                config.flowComparePeriod(), thread));
    }

    /** The controller's counters and connected switches, served at {@code GET /metrics}. */
    void registerMetrics(PrometheusRegistry registry) {
        OpenFlowCounters counters = server.counters();
        counter(registry, "vtep_manager_openflow_packet_ins", "Packet-ins the per-switch limit let through",
                counters::packetIns);
        counter(registry, "vtep_manager_openflow_packet_ins_dropped",
                "Packet-ins the per-switch limit dropped (--packet-in-limit): each delays a learn",
                counters::packetInsDropped);
        counter(registry, "vtep_manager_openflow_messages_sent",
                "Flow-mods, group-mods and packet-outs sent to switches", counters::messagesSent);
        GaugeWithCallback.builder().name("vtep_manager_openflow_switches").help("Switches connected over OpenFlow")
                .callback(callback -> callback.call(server.getSwitches().size())).register(registry);
    }

    private static void counter(PrometheusRegistry registry, String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsLong()))
                .register(registry);
    }

    /** Binds the OpenFlow listener; fails naming the address. */
    InetSocketAddress start() {
        try {
            return server.start();
        } catch (IllegalStateException e) {
            throw new ManagerStartException("OpenFlow listener " + listen.getAddress().getHostAddress() + ":"
                    + listen.getPort() + " did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.close();
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
