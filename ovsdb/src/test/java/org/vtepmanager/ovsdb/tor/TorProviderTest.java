package org.vtepmanager.ovsdb.tor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vtepmanager.ovsdb.Eventually;
import org.vtepmanager.ovsdb.RealOvsdbServer;
import org.vtepmanager.ovsdb.session.OvsdbTransport;

/**
 * The ToR provider against a real ovsdb-server serving the hardware_vtep schema (no emulator: what the database
 * holds is the contract; the lab tests prove the data plane).
 */
class TorProviderTest {

    private static final Duration CONVERGE = Duration.ofSeconds(20);
    private static final String LS = "vtep-manager-5000";
    private static final String PUT_BACK = "remote MAC 02:00:00:00:00:01 of " + LS + " at 192.0.2.1";

    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor();
    private final OvsdbTransport transport = new OvsdbTransport(events,
            new OvsdbTransport.SessionSettings(Duration.ofSeconds(1), Duration.ofSeconds(10)));
    private final Reports reports = new Reports();
    private final TorProvider provider = new TorProvider(events, transport,
            new TorSettings(Duration.ofMillis(100), Duration.ofMillis(800), List.of(), Duration.ZERO), reports);
    private RealOvsdbServer tor;

    @BeforeEach
    void startTor() {
        tor = RealOvsdbServer.hardwareVtep("192.0.2.10", "p1", "p2");
    }

    @AfterEach
    void stop() throws Exception {
        provider.close();
        events.submit(() -> { }).get(5, TimeUnit.SECONDS);
        transport.close();
        events.shutdownNow();
        tor.close();
    }

    @Test
    void aBoundNetworkGetsItsSwitchBindingsRemoteMacsAndFloodListOverSharedLocators() {
        reports.spec = spec(network(Map.of("02:00:00:00:00:01", remote("192.0.2.1", "10.0.0.1"),
                "02:00:00:00:00:02", remote("192.0.2.1", null), "02:00:00:00:00:03", remote("192.0.2.2", null)),
                "192.0.2.1", "192.0.2.2"), Map.of("p1", Map.of(0L, LS), "p2", Map.of(200L, LS)));
        provider.connect(tor.unixTarget());

        eventually(() -> tor.vtepctl("list-remote-macs", LS), macs -> assertThat(macs)
                .contains("02:00:00:00:00:01 -> vxlan_over_ipv4/192.0.2.1",
                        "02:00:00:00:00:02 -> vxlan_over_ipv4/192.0.2.1",
                        "02:00:00:00:00:03 -> vxlan_over_ipv4/192.0.2.2", "unknown-dst -> vxlan_over_ipv4/192.0.2.1",
                        "unknown-dst -> vxlan_over_ipv4/192.0.2.2"));
        assertThat(tor.vtepctl("get", "Logical_Switch", LS, "tunnel_key", "description", "replication_mode"))
                .isEqualTo("5000\n\"vtep-manager: blue\"\nsource_node\n");
        assertThat(tor.vtepctl("list-bindings", "br0", "p1")).contains("0000 " + LS);
        assertThat(tor.vtepctl("list-bindings", "br0", "p2")).contains("0200 " + LS);
        assertThat(column("Ucast_Macs_Remote", "ipaddr")).containsExactlyInAnyOrder("\"10.0.0.1\"", "\"\"", "\"\"");
        assertThat(column("Physical_Locator", "dst_ip")).as("one locator per IP, shared by MACs and the flood set")
                .containsExactlyInAnyOrder("\"192.0.2.1\"", "\"192.0.2.2\"");
        assertThat(reports.latest.get(tor.unixTarget().toString())).satisfies(seen -> {
            assertThat(seen.physicalSwitch()).contains("br0");
            assertThat(seen.tunnelIps()).containsExactly("192.0.2.10");
            assertThat(seen.ports()).containsExactly("p1", "p2");
            assertThat(seen.problems()).isEmpty();
        });
    }

    @Test
    void aSecondPassAndAReconnectChangeNoRowAndAChangedSpecChangesOnlyWhatDiffers() {
        connectWithOneRemoteMac(Map.of("p1", Map.of(0L, LS)));
        String before = allUuids();

        provider.changed();
        tor.kill();
        tor.launch();
        eventually(() -> reports.connects.size(), n -> assertThat(n).isGreaterThanOrEqualTo(2));
        provider.changed();
        awaitQuiet();
        assertThat(allUuids()).isEqualTo(before);

        reports.spec = spec(network(Map.of("02:00:00:00:00:01", remote("192.0.2.1", null)), "192.0.2.1", "192.0.2.3"),
                Map.of("p1", Map.of(0L, LS)));
        provider.changed();
        eventually(() -> tor.vtepctl("list-remote-macs", LS),
                macs -> assertThat(macs).contains("unknown-dst -> vxlan_over_ipv4/192.0.2.3"));
        assertThat(column("Ucast_Macs_Remote", "_uuid").toString())
                .isEqualTo(columnBefore(before, "Ucast_Macs_Remote"));
        assertThat(column("Logical_Switch", "_uuid").toString()).isEqualTo(columnBefore(before, "Logical_Switch"));
    }

    @Test
    void aBindingRemovedByHandIsPutBackAndSaidToBeARepairWhileOneTheSpecAddsIsNot() {
        connectWithOneRemoteMac(Map.of("p1", Map.of(0L, LS)));
        awaitQuiet();

        tor.vtepctl("unbind-ls", "br0", "p1", "0");
        eventually(() -> tor.vtepctl("list-bindings", "br0", "p1"), bound -> assertThat(bound).contains("0000 " + LS));
        eventually(() -> reports.repairs, repairs -> assertThat(repairs).containsExactly("bind p1 vlan 0 to " + LS));

        reports.spec = spec(network(Map.of("02:00:00:00:00:01", remote("192.0.2.1", null)), "192.0.2.1"),
                Map.of("p1", Map.of(0L, LS), "p2", Map.of(300L, LS)));
        provider.changed();
        eventually(() -> tor.vtepctl("list-bindings", "br0", "p2"), bound -> assertThat(bound).contains("0300 " + LS));
        awaitQuiet();
        assertThat(reports.repairs).as("a binding intent added").hasSize(1);
    }

    /**
     * A network's switch goes once the ToR's own rows on it have (ovs-vtep's local flood row lingers a while after
     * the unbind): deleted then, for the spec the ToR has had since, which is no repair.
     */
    @Test
    void aSwitchDeletedOnceTheTorsOwnRowsOnItAreGoneIsNoRepair() {
        connectWithOneRemoteMac(Map.of("p1", Map.of(0L, LS)));
        tor.vtepctl("add-mcast-local", LS, "unknown-dst", "192.0.2.10");
        awaitQuiet();

        reports.spec = new TorSpec(new TreeMap<>(), new TreeMap<>());
        provider.changed();
        eventually(() -> tor.vtepctl("list-bindings", "br0", "p1"), bound -> assertThat(bound).doesNotContain(LS));
        awaitQuiet();
        assertThat(tor.vtepctl("list-ls")).as("held by the ToR's own row").contains(LS);
        tor.vtepctl("del-mcast-local", LS, "unknown-dst", "192.0.2.10");

        eventually(() -> tor.vtepctl("list-ls"), switches -> assertThat(switches).doesNotContain(LS));
        assertThat(reports.repairs).isEmpty();
    }

    /**
     * ovs-vtep keeps its own rows on a switch whose binding moved to another: the wait may be long, and the MACs of
     * the networks the ToR still serves must not each cost a pass over all of them meanwhile.
     */
    @Test
    void whileASwitchWaitsForTheTorsOwnRowsMacsAreStillPlannedAloneAndTheSwitchGoesWithTheLastOfThem() {
        String other = "vtep-manager-5001";
        Map<String, TorSpec.RemoteMac> macs = new TreeMap<>(Map.of("02:00:00:00:00:01", remote("192.0.2.1", null)));
        reports.spec = spec(network(macs, "192.0.2.1"), Map.of("p1", Map.of(0L, LS)));
        provider.connect(tor.unixTarget());
        eventually(() -> tor.vtepctl("list-remote-macs", LS), rows -> assertThat(rows).contains("unknown-dst"));
        tor.vtepctl("add-ucast-local", LS, "02:00:00:00:00:99", "192.0.2.10");
        reports.spec = spec(otherNetwork(other, macs), Map.of("p1", Map.of(0L, other)));
        provider.changed();
        eventually(() -> tor.vtepctl("list-bindings", "br0", "p1"), bound -> assertThat(bound).contains(other));
        awaitQuiet();
        assertThat(tor.vtepctl("list-ls")).as("held by the ToR's local MAC").contains(LS);
        int whole = reports.wholeSpecs.get();

        macs.put("02:00:00:00:00:02", remote("192.0.2.1", null));
        reports.spec = spec(otherNetwork(other, macs), Map.of("p1", Map.of(0L, other)));
        provider.macChanged(() -> new MacKey(other, "02:00:00:00:00:02"));
        eventually(() -> tor.vtepctl("list-remote-macs", other), rows -> assertThat(rows).contains("00:00:02"));
        assertThat(reports.wholeSpecs.get()).as("planned from the MAC that changed").isEqualTo(whole);

        tor.vtepctl("del-ucast-local", LS, "02:00:00:00:00:99");
        eventually(() -> tor.vtepctl("list-ls"), switches -> assertThat(switches.strip()).isEqualTo(other));
        assertThat(reports.repairs).isEmpty();
    }

    @Test
    void whileAVtepsTunnelIpIsUnknownItsRowsAreKeptAndNoneAreCreated() {
        connectWithOneRemoteMac(Map.of());
        String before = allUuids();

        TorSpec.RemoteMac unknown = new TorSpec.RemoteMac(Optional.empty(), Optional.empty());
        reports.spec = spec(new TorSpec.LogicalSwitchSpec(LS, 5000, "vtep-manager: blue", new TreeMap<>(Map.of(
                "02:00:00:00:00:01", unknown, "02:00:00:00:00:02", unknown)), TorSpec.Replication.SOURCE_NODE,
                new TreeSet<>(List.of("192.0.2.2")), true),
                Map.of());
        provider.changed();

        eventually(() -> tor.vtepctl("list-remote-macs", LS),
                macs -> assertThat(macs).contains("unknown-dst -> vxlan_over_ipv4/192.0.2.2"));
        assertThat(tor.vtepctl("list-remote-macs", LS)).contains("02:00:00:00:00:01 -> vxlan_over_ipv4/192.0.2.1",
                "unknown-dst -> vxlan_over_ipv4/192.0.2.1").doesNotContain("02:00:00:00:00:02");
        assertThat(column("Ucast_Macs_Remote", "_uuid").toString())
                .isEqualTo(columnBefore(before, "Ucast_Macs_Remote"));
    }

    @Test
    void whileSettlingAfterARestartRemoteMacsAndFloodMembersTheTablesLackAreKeptThenGoOnceSettled() {
        connectWithOneRemoteMac(Map.of());
        List<String> before = column("Ucast_Macs_Remote", "_uuid");

        // A restarted manager whose tables hold only another MAC, and whose flood list lacks 192.0.2.1 so far.
        TorSpec.LogicalSwitchSpec relearning = network(Map.of("02:00:00:00:00:02", remote("192.0.2.2", null)),
                "192.0.2.2");
        reports.spec = new TorSpec(spec(relearning, Map.of()).logicalSwitches(), new TreeMap<>(), true);
        provider.changed();
        eventually(() -> tor.vtepctl("list-remote-macs", LS), macs -> assertThat(macs)
                .contains("02:00:00:00:00:02 -> vxlan_over_ipv4/192.0.2.2"));
        assertThat(tor.vtepctl("list-remote-macs", LS)).contains("02:00:00:00:00:01 -> vxlan_over_ipv4/192.0.2.1",
                "unknown-dst -> vxlan_over_ipv4/192.0.2.1");
        assertThat(column("Ucast_Macs_Remote", "_uuid")).as("the row kept, not re-made").containsAll(before);

        reports.spec = spec(relearning, Map.of());
        provider.changed();
        eventually(() -> tor.vtepctl("list-remote-macs", LS), macs -> assertThat(macs)
                .doesNotContain("02:00:00:00:00:01", "/192.0.2.1\n"));
    }

    @Test
    void whileSettlingAnEmptyFloodListKeepsTheFloodRowAsItIs() {
        reports.spec = spec(network(Map.of(), "192.0.2.1", "192.0.2.2"), Map.of());
        provider.connect(tor.unixTarget());
        eventually(() -> tor.vtepctl("list-remote-macs", LS), macs -> assertThat(macs).contains("192.0.2.2"));
        List<String> before = column("Mcast_Macs_Remote", "_uuid");

        // No other VTEP has reported its tunnel IP to the restarted manager yet.
        reports.spec = new TorSpec(spec(network(Map.of()), Map.of()).logicalSwitches(), new TreeMap<>(), true);
        provider.changed();
        awaitQuiet();

        assertThat(column("Mcast_Macs_Remote", "_uuid")).isEqualTo(before);
        assertThat(tor.vtepctl("list-remote-macs", LS)).contains("192.0.2.1", "192.0.2.2");
    }

    @Test
    void switchingToServiceNodeReplicationChangesTheModeAndFloodsOnlyToTheServiceNodes() {
        reports.spec = spec(network(Map.of(), "192.0.2.1", "192.0.2.2"), Map.of());
        provider.connect(tor.unixTarget());
        eventually(() -> tor.vtepctl("list-remote-macs", LS), macs -> assertThat(macs).contains("192.0.2.2"));
        String ls = column("Logical_Switch", "_uuid").toString();

        reports.spec = spec(new TorSpec.LogicalSwitchSpec(LS, 5000, "vtep-manager: blue", new TreeMap<>(),
                TorSpec.Replication.SERVICE_NODE, new TreeSet<>(List.of("192.0.2.200")), false), Map.of());
        provider.changed();

        eventually(() -> tor.vtepctl("get", "Logical_Switch", LS, "replication_mode").strip(),
                mode -> assertThat(mode).isEqualTo("service_node"));
        eventually(() -> tor.vtepctl("list-remote-macs", LS), macs -> assertThat(macs)
                .contains("unknown-dst -> vxlan_over_ipv4/192.0.2.200\n")
                .doesNotContain("/192.0.2.1\n", "/192.0.2.2\n"));
        assertThat(column("Logical_Switch", "_uuid").toString()).as("updated in place").isEqualTo(ls);
    }

    @Test
    void staleRemoteMacsAndDuplicatesFromAnEarlierRunAreRemovedOnConnect() {
        tor.vtepctl("add-ls", LS, "--", "set", "Logical_Switch", LS, "tunnel_key=5000",
                "description=\"vtep-manager: blue\"");
        tor.vtepctl("add-ucast-remote", LS, "02:00:00:00:00:99", "192.0.2.9");
        tor.vtepctl("add-mcast-remote", LS, "unknown-dst", "192.0.2.9");
        reports.spec = spec(network(Map.of("02:00:00:00:00:01", remote("192.0.2.1", null)), "192.0.2.1"),
                Map.of("p1", Map.of(0L, LS)));
        provider.connect(tor.unixTarget());

        eventually(() -> tor.vtepctl("list-remote-macs", LS), macs -> assertThat(macs)
                .contains("02:00:00:00:00:01 -> vxlan_over_ipv4/192.0.2.1", "unknown-dst -> vxlan_over_ipv4/192.0.2.1")
                .doesNotContain("192.0.2.9"));
        eventually(() -> column("Physical_Locator", "dst_ip"), ips -> assertThat(ips)
                .as("the stale locator went with the last row that used it").containsExactly("\"192.0.2.1\""));
    }

    @Test
    void moreRemoteMacsThanOneTransactionMayChangeLandInBatchesThatStartSmallAndGrowAndAllGoTheSameWay()
            throws Exception {
        int count = 4_500;
        reports.spec = spec(network(manyMacs(count), "192.0.2.1"), Map.of("p1", Map.of(0L, LS)));
        provider.connect(tor.unixTarget());
        eventually(() -> column("Ucast_Macs_Remote", "_uuid").size(), rows -> assertThat(rows).isEqualTo(count));
        List<Integer> in = remoteMacRowsPerTransaction();
        assertThat(in.get(0)).as("the first batch").isEqualTo(MacBatch.FIRST);
        assertBatches(in, count);
        // The first pass and the one after it (its switch and flood row are new) read everything; the rest only
        // the MACs left over.
        assertThat(reports.wholeSpecs.get()).as("passes that read every MAC, for batches %s", in)
                .isLessThan(in.size());

        reports.spec = new TorSpec(new TreeMap<>(), new TreeMap<>());
        provider.changed();
        eventually(() -> tor.vtepctl("list-ls"), ls -> assertThat(ls).isBlank());
        assertThat(column("Ucast_Macs_Remote", "_uuid")).isEmpty();
        List<Integer> all = remoteMacRowsPerTransaction();
        assertBatches(all.subList(in.size(), all.size()), count);
        assertThat(reports.repairs).as("each batch's row updates are its own").isEmpty();
    }

    @Test
    void aToRThatTakesLongerThanTheTargetToCommitGetsSmallerTransactions() throws Exception {
        OvsdbTransport patient = new OvsdbTransport(events, OvsdbTransport.SessionSettings.DEFAULTS);
        TorProvider slow = new TorProvider(events, patient,
                new TorSettings(Duration.ofMillis(100), Duration.ofMillis(800), List.of(), Duration.ZERO), reports);
        try {
            reports.spec = spec(network(Map.of(), "192.0.2.1"), Map.of("p1", Map.of(0L, LS)));
            slow.connect(tor.unixTarget());
            eventually(() -> tor.vtepctl("list-ls"), ls -> assertThat(ls).contains(LS));
            awaitQuiet();

            // The server stalls for 3 s over the first batch, as a busy ToR would (within the 5 s probe): twice the
            // target and more, even if planning the batch took up to a second of it.
            tor.freeze();
            reports.spec = spec(network(manyMacs(3_000), "192.0.2.1"), Map.of("p1", Map.of(0L, LS)));
            slow.changed();
            Thread.sleep(3_000);
            tor.thaw();

            eventually(() -> column("Ucast_Macs_Remote", "_uuid").size(), rows -> assertThat(rows).isEqualTo(3_000));
            List<Integer> sizes = remoteMacRowsPerTransaction();
            assertThat(sizes.get(0)).isEqualTo(MacBatch.FIRST);
            assertThat(sizes.get(1)).as("the batch after a 3 s commit, of %s", sizes)
                    .isLessThanOrEqualTo(MacBatch.FIRST / 2);
        } finally {
            slow.close();
            events.submit(() -> { }).get(5, TimeUnit.SECONDS);
            patient.close();
        }
    }

    /**
     * A ToR frozen over a batch for longer than the probe (1 s, then 1 s more here) loses its session; the next
     * session starts with the smaller batch the failure left, not with the first size again, which a ToR too slow
     * for it would have dropped on every reconnect.
     */
    @Test
    void aToRThatDroppedItsSessionOverABatchGetsASmallerOneWhenItIsBack() throws Exception {
        reports.spec = spec(network(Map.of(), "192.0.2.1"), Map.of("p1", Map.of(0L, LS)));
        provider.connect(tor.unixTarget());
        eventually(() -> tor.vtepctl("list-ls"), ls -> assertThat(ls).contains(LS));
        awaitQuiet();
        int connects = reports.connects.size();
        int batchesBefore = remoteMacRowsPerTransaction().size();

        tor.freeze();
        reports.spec = spec(network(manyMacs(3_000), "192.0.2.1"), Map.of("p1", Map.of(0L, LS)));
        provider.changed();
        eventually(() -> reports.latest.containsKey(tor.unixTarget().toString()),
                connected -> assertThat(connected).as("the session dropped by the probe").isFalse());
        tor.thaw();

        eventually(() -> column("Ucast_Macs_Remote", "_uuid").size(), rows -> assertThat(rows).isEqualTo(3_000));
        assertThat(reports.connects.size()).as("the session was made again").isGreaterThan(connects);
        List<Integer> after = remoteMacRowsPerTransaction().subList(batchesBefore,
                remoteMacRowsPerTransaction().size());
        // The frozen batch itself may have been committed after the thaw, with no one left to answer.
        int firstOfTheNextSession = after.get(0) < MacBatch.FIRST ? after.get(0) : after.get(1);
        assertThat(firstOfTheNextSession).as("the next session's first batch, of %s", after)
                .isLessThan(MacBatch.FIRST);
    }

    @Test
    void aDuplicateRemoteMacAnotherWriterInsertsIntoOurSwitchIsRemovedWithoutAWholePass() {
        connectWithOneRemoteMac(Map.of("p1", Map.of(0L, LS)));
        awaitQuiet();
        int whole = reports.wholeSpecs.get();
        String ls = tor.vtepctl("get", "Logical_Switch", LS, "_uuid").strip();
        String locator = column("Physical_Locator", "_uuid").get(0);

        tor.vtepctl("create", "Ucast_Macs_Remote", "MAC=\"02:00:00:00:00:01\"", "logical_switch=" + ls,
                "locator=" + locator);

        eventually(() -> column("Ucast_Macs_Remote", "MAC"),
                rows -> assertThat(rows).containsExactly("\"02:00:00:00:00:01\""));
        assertThat(reports.wholeSpecs.get()).as("planned from the row that changed").isEqualTo(whole);
        assertThat(reports.repairs).containsExactly(PUT_BACK);
    }

    @Test
    void aMacLearnedMovedOrForgottenIsPlannedAloneWithoutAWholePass() {
        Map<String, Map<Long, String>> bindings = Map.of("p1", Map.of(0L, LS));
        reports.spec = spec(network(Map.of("02:00:00:00:00:01", remote("192.0.2.1", null)), "192.0.2.1",
                "192.0.2.2"), bindings);
        provider.connect(tor.unixTarget());
        eventually(() -> tor.vtepctl("list-remote-macs", LS), macs -> assertThat(macs).contains("02:00:00:00:00:01"));
        awaitQuiet();
        int whole = reports.wholeSpecs.get();
        MacKey learned = new MacKey(LS, "02:00:00:00:00:02");

        reports.spec = spec(network(Map.of("02:00:00:00:00:01", remote("192.0.2.1", null),
                "02:00:00:00:00:02", remote("192.0.2.1", "10.0.0.2")), "192.0.2.1", "192.0.2.2"), bindings);
        provider.macChanged(() -> learned);
        eventually(() -> tor.vtepctl("list-remote-macs", LS),
                macs -> assertThat(macs).contains("02:00:00:00:00:02 -> vxlan_over_ipv4/192.0.2.1"));
        assertThat(column("Ucast_Macs_Remote", "ipaddr")).containsExactlyInAnyOrder("\"\"", "\"10.0.0.2\"");

        reports.spec = spec(network(Map.of("02:00:00:00:00:01", remote("192.0.2.1", null),
                "02:00:00:00:00:02", remote("192.0.2.2", "10.0.0.2")), "192.0.2.1", "192.0.2.2"), bindings);
        provider.macChanged(() -> learned);
        eventually(() -> tor.vtepctl("list-remote-macs", LS),
                macs -> assertThat(macs).contains("02:00:00:00:00:02 -> vxlan_over_ipv4/192.0.2.2"));

        reports.spec = spec(network(Map.of("02:00:00:00:00:01", remote("192.0.2.1", null)), "192.0.2.1",
                "192.0.2.2"), bindings);
        provider.macChanged(() -> learned);
        eventually(() -> column("Ucast_Macs_Remote", "MAC"),
                rows -> assertThat(rows).containsExactly("\"02:00:00:00:00:01\""));
        assertThat(reports.wholeSpecs.get()).as("each planned from the one MAC that changed").isEqualTo(whole);
        assertThat(reports.repairs).as("changes of the spec").isEmpty();
    }

    @Test
    void macsChangingOneAtATimeAreSentAtMostOneTransactionPerGap() throws Exception {
        Map<String, Map<Long, String>> bindings = Map.of("p1", Map.of(0L, LS));
        connectWithOneRemoteMac(bindings);
        awaitQuiet();
        int before = remoteMacRowsPerTransaction().size();
        Map<String, TorSpec.RemoteMac> macs = new TreeMap<>(Map.of("02:00:00:00:00:01", remote("192.0.2.1", null)));

        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            String mac = String.format("02:00:00:00:01:%02x", i);
            macs.put(mac, remote("192.0.2.1", null));
            reports.spec = spec(network(macs, "192.0.2.1"), bindings);
            provider.macChanged(() -> new MacKey(LS, mac));
            // One learn a millisecond, as a quiet network learns; each would otherwise be a transaction of its own.
            Thread.sleep(1);
        }
        long gaps = Duration.ofNanos(System.nanoTime() - start).dividedBy(TorSession.MAC_PASS_GAP);
        eventually(() -> column("Ucast_Macs_Remote", "_uuid").size(), rows -> assertThat(rows).isEqualTo(101));

        List<Integer> all = remoteMacRowsPerTransaction();
        assertThat(all.subList(before, all.size())).as("transactions, over %s gaps", gaps).hasSizeLessThanOrEqualTo(
                (int) gaps + 2);
        assertThat(reports.repairs).as("learns").isEmpty();
    }

    @Test
    void aTunnelsBfdStateIsReportedWithoutAWholePass() {
        connectWithOneRemoteMac(Map.of("p1", Map.of(0L, LS)));
        // The switch writes Tunnel rows itself; here the test plays the switch, towards the remote MAC's VTEP.
        String created = tor.vtepctl("--id=@local", "create", "Physical_Locator", "encapsulation_type=vxlan_over_ipv4",
                "dst_ip=192.0.2.10", "--", "--id=@t", "create", "Tunnel", "local=@local",
                "remote=" + column("Physical_Locator", "_uuid").get(0), "--", "add", "Physical_Switch", "br0",
                "tunnels", "@t").strip();
        String tunnel = created.substring(created.lastIndexOf('\n') + 1);
        awaitQuiet();
        int whole = reports.wholeSpecs.get();

        tor.vtepctl("set", "Tunnel", tunnel, "bfd_status:state=up", "bfd_status:forwarding=true");

        eventually(() -> reports.latest.get(tor.unixTarget().toString()).tunnelBfd(),
                bfd -> assertThat(bfd).containsEntry("192.0.2.1", "up"));
        assertThat(reports.wholeSpecs.get()).as("the plan does not read Tunnel").isEqualTo(whole);
    }

    @Test
    void faultsTheSwitchReportsAreProblemsOfItsVtepUntilItClearsThem() {
        connectWithOneRemoteMac(Map.of("p1", Map.of(0L, LS)));
        String p1 = tor.vtepctl("--bare", "--columns=_uuid", "find", "Physical_Port", "name=p1").strip();

        // The switch sets and clears its fault columns itself; here the test plays the switch.
        tor.vtepctl("set", "Physical_Switch", "br0", "switch_fault_status=mac_table_exhaustion", "--", "set",
                "Physical_Port", p1, "port_fault_status=invalid_vlan_map");

        eventually(() -> reports.latest.get(tor.unixTarget().toString()).problems(), problems -> assertThat(problems)
                .containsExactly("Physical_Port p1 of br0 reports port_fault_status invalid_vlan_map: a VLAN binding "
                                + "conflicts with the port's local configuration",
                        "Physical_Switch br0 reports switch_fault_status mac_table_exhaustion: its MAC table is full: "
                                + "some MACs the manager wrote are not programmed"));

        tor.vtepctl("clear", "Physical_Switch", "br0", "switch_fault_status", "--", "clear", "Physical_Port", p1,
                "port_fault_status");
        eventually(() -> reports.latest.get(tor.unixTarget().toString()).problems(),
                problems -> assertThat(problems).isEmpty());
    }

    @Test
    void aRemoteMacAnotherWriterDeletesOrEditsIsRepairedWithoutAWholePass() {
        connectWithOneRemoteMac(Map.of("p1", Map.of(0L, LS)));
        awaitQuiet();
        int whole = reports.wholeSpecs.get();

        tor.vtepctl("del-ucast-remote", LS, "02:00:00:00:00:01");
        eventually(() -> column("Ucast_Macs_Remote", "MAC"),
                rows -> assertThat(rows).containsExactly("\"02:00:00:00:00:01\""));
        tor.vtepctl("set", "Ucast_Macs_Remote", column("Ucast_Macs_Remote", "_uuid").get(0), "ipaddr=10.9.9.9");
        eventually(() -> column("Ucast_Macs_Remote", "ipaddr"), ips -> assertThat(ips).containsExactly("\"\""));

        assertThat(reports.wholeSpecs.get()).as("planned from the row that changed").isEqualTo(whole);
        assertThat(reports.repairs).as("each said once").containsExactly(PUT_BACK, PUT_BACK);
    }

    @Test
    void remoteMacsAnotherWriterDeletesAtOnceArePutBackAndSaidInAFewWordsEach() {
        int count = 40;
        reports.spec = spec(network(manyMacs(count), "192.0.2.1"), Map.of("p1", Map.of(0L, LS)));
        provider.connect(tor.unixTarget());
        eventually(() -> column("Ucast_Macs_Remote", "_uuid").size(), rows -> assertThat(rows).isEqualTo(count));
        awaitQuiet();

        tor.vtepctl("--all", "destroy", "Ucast_Macs_Remote");

        eventually(() -> column("Ucast_Macs_Remote", "_uuid").size(), rows -> assertThat(rows).isEqualTo(count));
        awaitQuiet();
        assertThat(reports.repairs).singleElement().asString()
                .startsWith("remote MAC 02:00:00:00:00:").endsWith("; and " + (count - TorReconciler.REPAIRS_NAMED)
                        + " more remote MACs");
    }

    @Test
    void removingTheNetworkDeletesEveryRowWeWroteAndNothingElse() {
        tor.vtepctl("add-ls", "theirs", "--", "set", "Logical_Switch", "theirs", "tunnel_key=7000");
        tor.vtepctl("bind-ls", "br0", "p2", "300", "theirs");
        tor.vtepctl("add-ucast-remote", "theirs", "02:00:00:00:00:77", "192.0.2.7");
        connectWithOneRemoteMac(Map.of("p1", Map.of(0L, LS), "p2", Map.of(200L, LS)));

        reports.spec = new TorSpec(new TreeMap<>(), new TreeMap<>());
        provider.changed();

        eventually(() -> tor.vtepctl("list-ls"), ls -> assertThat(ls.strip()).isEqualTo("theirs"));
        assertThat(tor.vtepctl("list-bindings", "br0", "p1")).isBlank();
        assertThat(tor.vtepctl("list-bindings", "br0", "p2").strip()).isEqualTo("0300 theirs");
        assertThat(column("Ucast_Macs_Remote", "MAC")).containsExactly("\"02:00:00:00:00:77\"");
        assertThat(column("Mcast_Macs_Remote", "MAC")).isEmpty();
        assertThat(column("Physical_Locator", "dst_ip")).containsExactly("\"192.0.2.7\"");
        assertThat(column("Physical_Locator_Set", "_uuid")).isEmpty();
    }

    @Test
    void aSwitchNamedLikeOursAndAVlanBoundByOthersAreLeftAloneAndReported() {
        tor.vtepctl("add-ls", LS, "--", "set", "Logical_Switch", LS, "tunnel_key=5000");
        tor.vtepctl("add-ls", "theirs");
        tor.vtepctl("bind-ls", "br0", "p2", "200", "theirs");
        reports.spec = spec(network(Map.of(), "192.0.2.1"), Map.of("p2", Map.of(200L, LS)));
        provider.connect(tor.unixTarget());

        eventually(() -> reports.latest.get(tor.unixTarget().toString()), seen -> assertThat(seen.problems())
                .anySatisfy(p -> assertThat(p).startsWith("Logical_Switch " + LS + " exists but was not made by"))
                .noneSatisfy(p -> assertThat(p).contains("has tunnel_key 5000 too")));
        assertThat(tor.vtepctl("get", "Logical_Switch", LS, "tunnel_key").strip()).isEqualTo("5000");
        assertThat(tor.vtepctl("list-bindings", "br0", "p2").strip()).isEqualTo("0200 theirs");

        tor.vtepctl("del-ls", LS);
        eventually(() -> reports.latest.get(tor.unixTarget().toString()), seen -> assertThat(seen.problems())
                .singleElement().asString().contains("Physical_Port p2 vlan_bindings: VLAN 200 is bound to "
                        + "Logical_Switch theirs"));
        assertThat(tor.vtepctl("list-bindings", "br0", "p2").strip()).isEqualTo("0200 theirs");
    }

    @Test
    void aSwitchOfOthersWithTheVniOfOneOfOursIsReportedAndLeftAloneUntilItsKeyIsGone() {
        tor.vtepctl("add-ls", "theirs", "--", "set", "Logical_Switch", "theirs", "tunnel_key=5000");
        connectWithOneRemoteMac(Map.of("p1", Map.of(0L, LS)));

        eventually(() -> reports.latest.get(tor.unixTarget().toString()), seen -> assertThat(seen.problems())
                .singleElement().asString().startsWith("Logical_Switch theirs (not made by vtep-manager) has "
                        + "tunnel_key 5000 too, the VNI of " + LS));
        assertThat(tor.vtepctl("get", "Logical_Switch", "theirs", "tunnel_key").strip()).isEqualTo("5000");
        assertThat(tor.vtepctl("list-bindings", "br0", "p1")).contains("0000 " + LS);

        tor.vtepctl("clear", "Logical_Switch", "theirs", "tunnel_key");
        eventually(() -> reports.latest.get(tor.unixTarget().toString()), seen -> assertThat(seen.problems())
                .isEmpty());
    }

    @Test
    void aServerWithoutHardwareVtepIsRefusedNamingTheDatabase() {
        try (RealOvsdbServer hypervisor = RealOvsdbServer.vswitch()) {
            provider.connect(hypervisor.unixTarget());
            eventually(() -> reports.failures, f -> assertThat(f).anySatisfy(
                    reason -> assertThat(reason).contains("database hardware_vtep is not served")));
        }
    }

    // --- helpers ---

    private static TorSpec.RemoteMac remote(String tunnelIp, String ip) {
        return new TorSpec.RemoteMac(Optional.of(tunnelIp), Optional.ofNullable(ip));
    }

    /** Our network with one remote MAC, bound as given: connected, and the ToR holding the MAC and its flood row. */
    private void connectWithOneRemoteMac(Map<String, Map<Long, String>> bindings) {
        reports.spec = spec(network(Map.of("02:00:00:00:00:01", remote("192.0.2.1", null)), "192.0.2.1"), bindings);
        provider.connect(tor.unixTarget());
        eventually(() -> tor.vtepctl("list-remote-macs", LS),
                macs -> assertThat(macs).contains("02:00:00:00:00:01", "unknown-dst"));
    }

    private static Map<String, TorSpec.RemoteMac> manyMacs(int count) {
        Map<String, TorSpec.RemoteMac> macs = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            macs.put(String.format("02:00:00:00:%02x:%02x", i >> 8, i & 0xff), remote("192.0.2.1", null));
        }
        return macs;
    }

    /** All {@code count} rows changed, in more than one transaction, each at most twice the one before. */
    private static void assertBatches(List<Integer> sizes, int count) {
        assertThat(sizes).hasSizeGreaterThan(1);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(count);
        for (int i = 1; i < sizes.size(); i++) {
            assertThat(sizes.get(i)).as("transaction %d of %s", i, sizes).isLessThanOrEqualTo(2 * sizes.get(i - 1));
        }
    }

    private static TorSpec.LogicalSwitchSpec network(Map<String, TorSpec.RemoteMac> macs, String... flood) {
        return new TorSpec.LogicalSwitchSpec(LS, 5000, "vtep-manager: blue", new TreeMap<>(macs),
                TorSpec.Replication.SOURCE_NODE, new TreeSet<>(List.of(flood)), false);
    }

    private static TorSpec.LogicalSwitchSpec otherNetwork(String name, Map<String, TorSpec.RemoteMac> macs) {
        return new TorSpec.LogicalSwitchSpec(name, 5001, "vtep-manager: green", new TreeMap<>(macs),
                TorSpec.Replication.SOURCE_NODE, new TreeSet<>(List.of("192.0.2.1")), false);
    }

    private static TorSpec spec(TorSpec.LogicalSwitchSpec ls, Map<String, Map<Long, String>> bindings) {
        TreeMap<String, java.util.SortedMap<Long, String>> sorted = new TreeMap<>();
        bindings.forEach((port, vlans) -> sorted.put(port, new TreeMap<>(vlans)));
        return new TorSpec(new TreeMap<>(Map.of(ls.name(), ls)), sorted);
    }

    private List<String> column(String table, String column) {
        return tor.vtepctl("--columns=" + column, "list", table).lines().filter(l -> l.contains(" : "))
                .map(l -> l.substring(l.indexOf(" : ") + 3).strip()).sorted().toList();
    }

    /**
     * Per committed transaction that changed Ucast_Macs_Remote, how many of its rows it changed, read from the
     * database file: ovsdb-server appends one JSON record per transaction.
     */
    private List<Integer> remoteMacRowsPerTransaction() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Integer> sizes = new ArrayList<>();
        for (String line : Files.readAllLines(tor.socket().resolveSibling("vtep.db"))) {
            JsonNode rows = line.startsWith("{") ? json.readTree(line).get("Ucast_Macs_Remote") : null;
            if (rows != null) {
                sizes.add(rows.size());
            }
        }
        return sizes;
    }

    private String allUuids() {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("Logical_Switch", "Ucast_Macs_Remote", "Mcast_Macs_Remote", "Physical_Locator",
                "Physical_Locator_Set")) {
            all.append(table).append('=').append(column(table, "_uuid")).append('\n');
        }
        return all.toString();
    }

    private static String columnBefore(String uuids, String table) {
        return uuids.lines().filter(l -> l.startsWith(table + "=")).findFirst().orElseThrow()
                .substring(table.length() + 1);
    }

    /** Waits until the provider has nothing queued and no transaction could still be landing. */
    private void awaitQuiet() {
        String last = "";
        Instant deadline = Instant.now().plus(CONVERGE);
        while (Instant.now().isBefore(deadline)) {
            String now = allUuids();
            if (now.equals(last)) {
                return;
            }
            last = now;
            try {
                events.submit(() -> { }).get(5, TimeUnit.SECONDS);
                Thread.sleep(300);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private static <T> void eventually(Supplier<T> probe, ThrowingConsumer<T> assertion) {
        Eventually.assertThatEventually(CONVERGE, probe, assertion);
    }

    private static TorSpec withoutMacs(TorSpec spec) {
        TreeMap<String, TorSpec.LogicalSwitchSpec> switches = new TreeMap<>();
        spec.logicalSwitches().forEach((name, ls) -> switches.put(name, new TorSpec.LogicalSwitchSpec(name,
                ls.tunnelKey(), ls.description(), Map.of(), ls.replication(), ls.floodIps(), ls.floodIncomplete())));
        return new TorSpec(switches, spec.bindings(), spec.settling());
    }

    private static final class Reports implements TorReports {
        final Map<String, TorObservation> latest = new ConcurrentHashMap<>();
        final List<String> failures = new CopyOnWriteArrayList<>();
        final List<String> connects = new CopyOnWriteArrayList<>();
        final List<String> repairs = new CopyOnWriteArrayList<>();
        volatile TorSpec spec = new TorSpec(new TreeMap<>(), new TreeMap<>());

        @Override
        public void observed(TorObservation observation) {
            if (latest.put(observation.peer(), observation) == null || connects.isEmpty()) {
                connects.add(observation.peer());
            }
        }

        @Override
        public void disconnected(String peer, String reason) {
            latest.remove(peer);
        }

        @Override
        public void failed(String peer, String reason) {
            failures.add(reason);
        }

        @Override
        public void repaired(String peer, List<String> what) {
            repairs.add(String.join("; ", what));
        }

        /** The spec each session was last given whole, and how many whole specs were asked for. */
        final Map<String, TorSpec> given = new ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicInteger wholeSpecs = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Optional<TorSpec> specFor(String peer) {
            wholeSpecs.incrementAndGet();
            given.put(peer, spec);
            return Optional.of(spec);
        }

        /** From the current spec; a whole pass is due once it differs from the one last given in more than MACs. */
        @Override
        public Optional<Map<MacKey, TorSpec.RemoteMac>> remoteMacs(String peer, List<MacKey> keys) {
            TorSpec now = spec;
            if (!withoutMacs(now).equals(withoutMacs(given.get(peer)))) {
                return Optional.empty();
            }
            Map<MacKey, TorSpec.RemoteMac> wanted = new java.util.HashMap<>();
            for (MacKey key : keys) {
                TorSpec.LogicalSwitchSpec ls = now.logicalSwitches().get(key.logicalSwitch());
                TorSpec.RemoteMac mac = ls == null ? null : ls.remoteMacs().get(key.mac());
                if (mac != null) {
                    wanted.put(key, mac);
                }
            }
            return Optional.of(wanted);
        }
    }
}
