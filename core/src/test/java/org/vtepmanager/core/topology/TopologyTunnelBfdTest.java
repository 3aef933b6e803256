package org.vtepmanager.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.core.intent.IntentFixtures.binding;
import static org.vtepmanager.core.intent.IntentFixtures.network;
import static org.vtepmanager.core.intent.IntentFixtures.vtep;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.store.H2IntentStore;

/** A VTEP's BFD report lands on its own tunnel towards the reported remote IP, and only there. */
class TopologyTunnelBfdTest {

    private static final TunnelIp HV1 = TunnelIp.parse("198.51.100.1");
    private static final TunnelIp HV2 = TunnelIp.parse("198.51.100.2");
    private static final TunnelIp TOR = TunnelIp.parse("198.51.100.9");

    @TempDir
    Path dir;

    @Test
    void reportedStateIsJoinedToTheTunnelFromTheReporterToThatRemoteIp() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = mesh(store);

            topology.reportTunnelBfd(VtepId.of("tor1"), Map.of(HV1, "up", HV2, "down"));

            assertThat(bfd(topology, "tor1", "hv1")).contains("up");
            assertThat(bfd(topology, "tor1", "hv2")).contains("down");
            assertThat(bfd(topology, "hv1", "tor1")).isEmpty();
            assertThat(bfd(topology, "hv2", "tor1")).isEmpty();
            assertThat(bfd(topology, "hv1", "hv2")).isEmpty();
        }
    }

    @Test
    void aTunnelLeftOutOfTheNextReportOrAnUnknownRemoteHasNoState() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = mesh(store);

            topology.reportTunnelBfd(VtepId.of("tor1"), Map.of(HV1, "up", TunnelIp.parse("203.0.113.5"), "up"));
            topology.reportTunnelBfd(VtepId.of("tor1"), Map.of(HV2, "up"));

            assertThat(bfd(topology, "tor1", "hv1")).isEmpty();
            assertThat(bfd(topology, "tor1", "hv2")).contains("up");
            assertThat(topology.topology().tunnels()).filteredOn(t -> t.bfd().isPresent()).hasSize(1);
        }
    }

    @Test
    void onlyAChangedStateRaisesAnEventNamingTheTunnel() {
        try (H2IntentStore store = H2IntentStore.open(dir)) {
            TopologyService topology = mesh(store);
            List<TopologyEvent> events = new ArrayList<>();
            topology.addListener(events::add);

            topology.reportTunnelBfd(VtepId.of("tor1"), Map.of(HV1, "up"));
            topology.reportTunnelBfd(VtepId.of("tor1"), Map.of(HV1, "up"));
            topology.reportTunnelBfd(VtepId.of("tor1"), Map.of(HV1, "down"));
            topology.reportTunnelBfd(VtepId.of("tor1"), Map.of());

            assertThat(events).extracting(TopologyEvent::type).containsOnly(TopologyEvent.Type.TUNNEL_BFD_CHANGED);
            assertThat(events).extracting(TopologyEvent::subject).containsExactly(
                    "tor1 tunnel to 198.51.100.1 up", "tor1 tunnel to 198.51.100.1 down",
                    "tor1 tunnel to 198.51.100.1 unknown");
        }
    }

    private static TopologyService mesh(H2IntentStore store) {
        TopologyService topology = new TopologyService(store, new MacTables(MacTableConfig.DEFAULTS,
                Clock.systemUTC()), 1500);
        store.apply(vtep("hv1", "192.0.2.1", HV1.toString()));
        store.apply(vtep("hv2", "192.0.2.2", HV2.toString()));
        store.apply(vtep("tor1", "192.0.2.9", TOR.toString()));
        store.apply(network(5000));
        store.apply(binding("hv1", "vm1", 0, 5000));
        store.apply(binding("hv2", "vm2", 0, 5000));
        store.apply(binding("tor1", "p1", 0, 5000));
        return topology;
    }

    private static Optional<String> bfd(TopologyService topology, String from, String to) {
        return topology.topology().tunnels().stream()
                .filter(t -> t.from().equals(VtepId.of(from)) && t.to().equals(VtepId.of(to)))
                .findFirst().orElseThrow().bfd();
    }
}
