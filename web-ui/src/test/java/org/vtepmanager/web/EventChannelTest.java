package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.Vtep;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.VtepObservation;

/** The dashboard's push channel, {@code GET /api/v1/events}, read as a browser's EventSource would. */
class EventChannelTest extends ApiTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);


    @Test
    void aStreamSaysHelloThenTellsOfANetworkCreatedAndThatTheTopologyChanged() throws Exception {
        try (SseClient events = api.events(null)) {
            assertThat(events.response().headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            long before = events.next("hello", data -> true, WAIT).data().getLong("changes");

            api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}");

            SseClient.Event created =
                    events.next("log", data -> data.getString("kind").equals("network-created"), WAIT);
            assertThat(created.data().getString("text")).isEqualTo("network 5000 'web' created");
            assertThat(created.data().getString("subject")).isEqualTo("5000");
            assertThat(created.id()).as("this run's token, then the seq")
                    .endsWith("-" + created.data().getLong("seq"));
            events.next("topology", data -> data.getLong("changes") > before, WAIT);
        }
    }

    @Test
    void aChangeMadeWithANamedTokenSaysWhoMadeItAndOneTheManagerMadeNamesNoOne() throws Exception {
        try (SseClient events = api.events(null)) {
            api.store.apply(new IntentChange.CreateNetwork(new VirtualNetwork(Vni.of(7000), "tenant", "",
                    OptionalInt.empty(), Optional.empty())), "alice");
            api.store.apply(new IntentChange.RegisterVtep(new Vtep(VtepId.of("tor9"), VtepKind.HARDWARE_VTEP,
                    Optional.empty(), Optional.empty())));

            assertThat(events.next("log", data -> data.getString("subject").equals("7000"), WAIT).data()
                    .getString("text")).isEqualTo("network 7000 'tenant' created by alice");
            assertThat(events.next("log", data -> data.getString("subject").equals("tor9"), WAIT).data()
                    .getString("text")).isEqualTo("hardware-vtep tor9 registered");
        }
    }

    @Test
    void aReconnectingClientResumesAfterTheLastEventItSaw() throws Exception {
        String firstId;
        try (SseClient events = api.events(null)) {
            api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}");
            firstId = events.next("log", data -> data.getString("subject").equals("5000"), WAIT).id();
        }
        api.post("/api/v1/networks", "{\"vni\":6000,\"name\":\"db\"}");

        try (SseClient resumed = api.events(firstId)) {
            SseClient.Event next = resumed.next("log", data -> true, WAIT);
            assertThat(next.data().getString("text")).isEqualTo("network 6000 'db' created");
        }
    }

    @Test
    void aVtepSessionComingUpAndGoingDownIsReportedAsJoinLeaveAndProblem() throws Exception {
        api.post("/api/v1/vteps", "{\"id\":\"hv1\",\"kind\":\"hypervisor\",\"ovsdbTarget\":\"tcp:192.0.2.10:6640\"}");
        try (SseClient events = api.events(null)) {
            api.topology.reportVtep(new VtepObservation(VtepId.of("hv1"), ConnectionState.CONNECTED,
                    Optional.of(TunnelIp.parse("192.0.2.10")), List.of(), List.of()));
            assertThat(events.next("log", data -> data.getString("kind").equals("vtep-joined"), WAIT).data()
                    .getString("text")).isEqualTo("hv1 connected (tunnel IP 192.0.2.10)");

            api.topology.reportVtep(new VtepObservation(VtepId.of("hv1"), ConnectionState.DISCONNECTED,
                    Optional.empty(), List.of(), List.of("cannot connect: refused")));
            SseClient.Event left = events.next("log", data -> data.getString("kind").equals("vtep-left"), WAIT);
            assertThat(left.data().getString("level")).isEqualTo("warning");
            SseClient.Event problem = events.next("log", data -> data.getString("kind").equals("vtep-problem"), WAIT);
            assertThat(problem.data().getString("level")).isEqualTo("error");
            assertThat(problem.data().getString("text")).isEqualTo("hv1: cannot connect: refused");
        }
    }

    @Test
    void aRepairOfASwitchsFlowsIsAWarningInTheFeed() throws Exception {
        try (SseClient events = api.events(null)) {
            api.topology.reportFlowsRepaired(VtepId.of("hv1"), 8, 14);

            SseClient.Event repaired = events.next("log", data -> data.getString("kind").equals("flows-repaired"),
                    WAIT);
            assertThat(repaired.data().getString("level")).isEqualTo("warning");
            assertThat(repaired.data().getString("text")).startsWith("hv1: its switch held 8 of our flows where 14");
        }
    }

    @Test
    void aRepairOfASwitchsRowsIsAWarningInTheFeed() throws Exception {
        try (SseClient events = api.events(null)) {
            api.topology.reportRowsRepaired(VtepId.of("tor1"), List.of("bind p1 vlan 10 to vtep-manager-5000"));

            SseClient.Event repaired = events.next("log", data -> data.getString("kind").equals("rows-repaired"),
                    WAIT);
            assertThat(repaired.data().getString("level")).isEqualTo("warning");
            assertThat(repaired.data().getString("text")).isEqualTo("tor1: another writer changed what the manager "
                    + "keeps on its switch; put back: bind p1 vlan 10 to vtep-manager-5000");
        }
    }

    @Test
    void aProblemAnotherVtepsReportGivesAVtepIsInTheFeedToo() throws Exception {
        api.post("/api/v1/vteps", "{\"id\":\"hv1\",\"kind\":\"hypervisor\",\"ovsdbTarget\":\"tcp:192.0.2.10:6640\"}");
        api.post("/api/v1/vteps", "{\"id\":\"hv2\",\"kind\":\"hypervisor\",\"ovsdbTarget\":\"tcp:192.0.2.11:6640\"}");
        try (SseClient events = api.events(null)) {
            for (String id : List.of("hv1", "hv2")) {
                api.topology.reportVtep(new VtepObservation(VtepId.of(id), ConnectionState.CONNECTED,
                        Optional.of(TunnelIp.parse("192.0.2.77")), List.of(), List.of()));
            }

            SseClient.Event problem = events.next("log", data -> data.getString("kind").equals("vtep-problem")
                    && data.getString("subject").equals("hv1"), WAIT);
            assertThat(problem.data().getString("text")).isEqualTo("hv1: tunnel IP 192.0.2.77 is also hv2's: this "
                    + "VTEP is left out of the mesh until one of them changes");
        }
    }

    @Test
    void everyOneOfManyOpenStreamsHearsOfAChange() throws Exception {
        List<SseClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                clients.add(api.events(null));
            }
            for (SseClient client : clients) {
                client.next("hello", data -> true, WAIT);
            }
            api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}");
            for (SseClient client : clients) {
                client.next("log", data -> data.getString("kind").equals("network-created"), WAIT);
            }
        } finally {
            clients.forEach(SseClient::close);
        }
    }
}
