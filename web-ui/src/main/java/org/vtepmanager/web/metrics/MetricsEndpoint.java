package org.vtepmanager.web.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.topology.Topology;
import org.vtepmanager.core.topology.TopologyService;

/**
 * {@code GET /metrics} in Prometheus' text format: {@link FabricMetrics} and the JVM's own (heap, GC, threads). A
 * scrape reads one topology on a worker, never on the event loop, and the fabric's metrics are callbacks over it:
 * nothing on the learning path records anything for them. Open like every read; it says nothing the API's reads do
 * not.
 */
public final class MetricsEndpoint {

    public static final String PATH = "/metrics";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter format = PrometheusTextFormatWriter.create();
    private final TopologyService topology;
    /** The scrape under way's topology; scrapes take turns, so every callback of one reads the same picture. */
    private Topology scraped;

    private MetricsEndpoint(TopologyService topology, MacTables macs) {
        this.topology = topology;
        FabricMetrics.register(registry, () -> scraped, macs);
        JvmMetrics.builder().register(registry);
    }

    /** Serves the registry at {@link #PATH}; returns it, for the parts of the manager that add metrics of their own. */
    public static PrometheusRegistry mount(Vertx vertx, Router router, TopologyService topology, MacTables macs) {
        MetricsEndpoint metrics = new MetricsEndpoint(topology, macs);
        router.get(PATH).handler(ctx -> vertx.executeBlocking(metrics::scrape, false)
                .onSuccess(body -> ctx.response().putHeader("content-type", PrometheusTextFormatWriter.CONTENT_TYPE)
                        .end(body))
                .onFailure(ctx::fail));
        return metrics.registry;
    }

    synchronized Buffer scrape() {
        scraped = topology.topology();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            format.write(out, registry.scrape());
            return Buffer.buffer(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            scraped = null;
        }
    }
}
