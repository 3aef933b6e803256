package org.vtepmanager.web.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.vtepmanager.core.mac.LearnOutcome;
import org.vtepmanager.core.mac.MacEntry;
import org.vtepmanager.core.mac.MacSource;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.FlowTableSummary;
import org.vtepmanager.core.topology.Topology;
import org.vtepmanager.core.topology.Tunnel;
import org.vtepmanager.core.topology.VtepView;

/**
 * The fabric as metrics, each a callback over the topology of the scrape under way: what an operator alerts on (a
 * VTEP down, a VTEP with problems, a tunnel whose BFD is not up, learns refused) and what they graph (MACs by
 * source, our flows on each switch, the MAC tables' changes). Per-VTEP series carry the VTEP's id and kind; a fabric
 * has hundreds of VTEPs, not millions, so the labels stay few.
 */
final class FabricMetrics {

    private FabricMetrics() {
    }

    static void register(PrometheusRegistry registry, Supplier<Topology> topology, MacTables macs) {
        gauge(registry, "vtep_manager_intent_revision", "Revision of the intent the manager serves",
                callback -> callback.call(topology.get().revision()));
        gauge(registry, "vtep_manager_vtep_up", "1 while the manager's OVSDB session with the VTEP is up",
                callback -> topology.get().vteps().forEach(v -> callback.call(
                        v.state() == ConnectionState.CONNECTED ? 1 : 0, v.vtep().id().value(), kind(v))),
                "vtep", "kind");
        gauge(registry, "vtep_manager_vtep_problems", "Problems the VTEP has now (GET /api/v1/vteps/ID says which)",
                callback -> topology.get().vteps().forEach(v -> callback.call(v.problems().size(),
                        v.vtep().id().value(), kind(v))), "vtep", "kind");
        gauge(registry, "vtep_manager_vtep_certificate_expiry_timestamp_seconds",
                "When the certificate of the VTEP's TLS session expires (Unix time): renew it before",
                callback -> topology.get().vteps().forEach(v -> v.certificateExpiry().ifPresent(expiry -> callback
                        .call(expiry.getEpochSecond(), v.vtep().id().value(), kind(v)))), "vtep", "kind");
        gauge(registry, "vtep_manager_vtep_flows", "Flows in the manager's tables of the VTEP's integration bridge",
                callback -> topology.get().vteps().stream().filter(v -> !v.flowTables().isEmpty())
                        .forEach(v -> callback.call(v.flowTables().stream().mapToLong(FlowTableSummary::flows).sum(),
                                v.vtep().id().value())), "vtep");
        gauge(registry, "vtep_manager_tunnels", "Tunnels (one direction each) by the BFD state their VTEP reports",
                callback -> countBy(topology.get().tunnels(), t -> t.bfd().orElse("none"))
                        .forEach((bfd, count) -> callback.call(count, bfd)), "bfd");
        gauge(registry, "vtep_manager_networks", "Networks (VNIs) in intent",
                callback -> callback.call(topology.get().networks().size()));
        gauge(registry, "vtep_manager_bindings", "Port VLANs bound to networks in intent",
                callback -> callback.call(topology.get().bindings().size()));
        gauge(registry, "vtep_manager_macs", "MAC table entries by who put them there",
                callback -> macsBySource(topology.get()).forEach((source, count) -> callback.call(count, source)),
                "source");
        CounterWithCallback.builder().name("vtep_manager_mac_changes")
                .help("MAC table changes (learned, moved, forgotten, pinned) since the manager started")
                .callback(callback -> callback.call(macs.changeCount())).register(registry);
        CounterWithCallback.builder().name("vtep_manager_mac_learns_refused")
                .help("Learns the MAC tables refused, by why: such a source is forwarded but not learned, so frames "
                        + "to it flood")
                .labelNames("reason")
                .callback(callback -> Arrays.stream(LearnOutcome.values()).filter(outcome -> !outcome.accepted())
                        .forEach(outcome -> callback.call(macs.refusedLearns(outcome), outcome.wireName())))
                .register(registry);
    }

    private static void gauge(PrometheusRegistry registry, String name, String help,
            Consumer<GaugeWithCallback.Callback> callback, String... labels) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(labels).callback(callback).register(registry);
    }

    private static String kind(VtepView view) {
        return view.vtep().kind().wireName();
    }

    /** Every source, zero included: a series that vanishes at zero reads as "no data" in an alert. */
    private static Map<String, Long> macsBySource(Topology topology) {
        Map<String, Long> counts = new TreeMap<>();
        for (MacSource source : MacSource.values()) {
            counts.put(source.wireName(), 0L);
        }
        countBy(topology.endpoints(), (MacEntry e) -> e.source().wireName()).forEach(counts::put);
        return counts;
    }

    private static <T> Map<String, Long> countBy(Iterable<T> items, Function<T, String> key) {
        Map<String, Long> counts = new TreeMap<>();
        items.forEach(item -> counts.merge(key.apply(item), 1L, Long::sum));
        return counts;
    }
}
