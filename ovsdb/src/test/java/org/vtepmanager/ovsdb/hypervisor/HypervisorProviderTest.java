package org.vtepmanager.ovsdb.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;
import static org.vtepmanager.ovsdb.Eventually.assertThatThroughout;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.vtepmanager.ovsdb.OvsdbTarget;
import org.vtepmanager.ovsdb.RealOvsdbServer;
import org.vtepmanager.ovsdb.RealPorts;
import org.vtepmanager.ovsdb.session.OvsdbTransport;

/**
 * The hypervisor provider against real ovsdb-servers with the Open_vSwitch schema (no vswitchd needed for what
 * the database holds; the lab tests in integration-tests prove the data plane).
 */
class HypervisorProviderTest {

    private static final Duration CONVERGE = Duration.ofSeconds(10);
    private static final String CONTROLLER = "tcp:127.0.0.1:6653";

    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor();
    private final OvsdbTransport transport = new OvsdbTransport(events,
            new OvsdbTransport.SessionSettings(Duration.ofSeconds(1), Duration.ofSeconds(10)));
    private final HypervisorSettings settings = HypervisorSettings.defaults().withDatapathType("netdev")
            .withOpenflow(Optional.of("127.0.0.1"), 6653).withBackoff(Duration.ofMillis(100), Duration.ofMillis(800));
    private final RecordedReports reports = new RecordedReports();
    private final List<RealOvsdbServer> servers = new ArrayList<>();
    private HypervisorProvider provider = new HypervisorProvider(events, transport, settings, reports);

    @AfterEach
    void stop() throws Exception {
        provider.close();
        events.submit(() -> { }).get(5, TimeUnit.SECONDS);
        transport.close();
        events.shutdownNow();
        servers.forEach(RealOvsdbServer::close);
    }

    private RealOvsdbServer hypervisor(String localIp, String... remotes) {
        RealOvsdbServer server = RealOvsdbServer.vswitch(remotes);
        servers.add(server);
        server.vsctl("--no-wait", "set", "Open_vSwitch", ".", "other_config:local_ip=" + localIp,
                "external_ids:system-id=hv-" + localIp);
        return server;
    }

    /** A hypervisor at 10.0.0.1, connected, once it holds its one tunnel port of {@code mesh} (to 10.0.0.2). */
    private RealOvsdbServer hypervisorWithOneTunnel(Map<String, Optional<String>> mesh) {
        RealOvsdbServer hv1 = hypervisor("10.0.0.1");
        provider.connect(hv1.unixTarget());
        provider.setTunnelMesh(mesh);
        assertThatEventually(CONVERGE, () -> tunnels(hv1), t -> assertThat(t).hasSize(1));
        return hv1;
    }

    /** Tunnel port name → remote_ip on br-int, as the switch's database holds them. */
    private static Map<String, String> tunnels(RealOvsdbServer server) {
        Map<String, String> tunnels = new TreeMap<>();
        for (String port : server.vsctl("--no-wait", "list-ports", "br-int").lines().toList()) {
            if (port.startsWith("vx")) {
                tunnels.put(port, server.vsctl("--no-wait", "get", "Interface", port, "options:remote_ip").strip()
                        .replace("\"", ""));
            }
        }
        return tunnels;
    }

    @Test
    void threeHypervisorsGetAFullMeshAFourthJoinsAndOneLeaves() {
        RealOvsdbServer hv1 = hypervisor("10.0.0.1");
        RealOvsdbServer hv2 = hypervisor("10.0.0.2");
        RealOvsdbServer hv3 = hypervisor("10.0.0.3");
        List.of(hv1, hv2, hv3).forEach(s -> provider.connect(s.unixTarget()));
        provider.setTunnelMesh(mesh("10.0.0.1", "10.0.0.2", "10.0.0.3"));

        assertThatEventually(CONVERGE, () -> tunnels(hv1), t -> assertThat(t).containsOnly(
                Map.entry("vx0a000002", "10.0.0.2"), Map.entry("vx0a000003", "10.0.0.3")));
        assertThatEventually(CONVERGE, () -> tunnels(hv2),
                t -> assertThat(t).containsValues("10.0.0.1", "10.0.0.3").hasSize(2));
        assertThatEventually(CONVERGE, () -> tunnels(hv3),
                t -> assertThat(t).containsValues("10.0.0.1", "10.0.0.2").hasSize(2));

        RealOvsdbServer hv4 = hypervisor("10.0.0.4");
        provider.connect(hv4.unixTarget());
        provider.setTunnelMesh(mesh("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"));
        for (RealOvsdbServer server : List.of(hv1, hv2, hv3, hv4)) {
            assertThatEventually(CONVERGE, () -> tunnels(server), t -> assertThat(t).hasSize(3));
        }

        provider.setTunnelMesh(mesh("10.0.0.1", "10.0.0.2", "10.0.0.4"));
        for (RealOvsdbServer server : List.of(hv1, hv2, hv4)) {
            assertThatEventually(CONVERGE, () -> tunnels(server),
                    t -> assertThat(t).hasSize(2).doesNotContainValue("10.0.0.3"));
        }
        assertThat(reports.repairs).as("ports of members joining and leaving are changes, not repairs").isEmpty();
    }

    @Test
    void aHypervisorWhoseLocalIpIsWrittenShortGetsNoTunnelToItselfAndOneThatIsNoAddressGetsNone() {
        RealOvsdbServer hv1 = hypervisor("fd00::1");
        RealOvsdbServer hv3 = hypervisor("not-an-address");
        List.of(hv1, hv3).forEach(s -> provider.connect(s.unixTarget()));
        // As the southbound writes the mesh: each address as TunnelIp prints it.
        provider.setTunnelMesh(mesh("fd00:0:0:0:0:0:0:1", "fd00:0:0:0:0:0:0:2", "10.0.0.3"));

        assertThatEventually(CONVERGE, () -> tunnels(hv1),
                t -> assertThat(t.values()).containsExactlyInAnyOrder("fd00:0:0:0:0:0:0:2", "10.0.0.3"));
        assertThatEventually(CONVERGE, () -> hv3.vsctl("--no-wait", "list-br"),
                bridges -> assertThat(bridges).contains("br-int"));
        assertThat(hv3.vsctl("--no-wait", "list-ports", "br-int").strip()).isEmpty();
        assertThat(tunnels(hv1).values()).doesNotContain("fd00:0:0:0:0:0:0:1");
    }

    @Test
    void tunnelsLeaveFromTheReportedLocalIpAndAnEditedSourceIsRepaired() {
        RealOvsdbServer hv1 = hypervisorWithOneTunnel(mesh("10.0.0.1", "10.0.0.2"));

        assertThat(localIp(hv1, "vx0a000002")).isEqualTo("10.0.0.1");
        hv1.vsctl("--no-wait", "set", "Interface", "vx0a000002", "options:local_ip=10.0.0.77");
        assertThatEventually(CONVERGE, () -> localIp(hv1, "vx0a000002"), ip -> assertThat(ip).isEqualTo("10.0.0.1"));
    }

    /**
     * A tunnel IP configured for the VTEP wins over the switch's local_ip (so other VTEPs tunnel to it): the
     * hypervisor's tunnels leave from it, and none leads to it.
     */
    @Test
    void aHypervisorWhoseVtepHasAConfiguredTunnelIpSendsFromItAndHasNoTunnelToItself() {
        RealOvsdbServer hv1 = hypervisor("10.0.0.1");
        String peer = hv1.unixTarget().toString();
        reports.places.put(peer, HypervisorReports.MeshPlace.member("hv1"));
        Map<String, Optional<String>> mesh = mesh("10.0.0.2", "10.0.0.3");
        mesh.put("hv1", Optional.of("10.0.0.9"));
        provider.connect(hv1.unixTarget());
        provider.setTunnelMesh(mesh);

        assertThatEventually(CONVERGE, () -> tunnels(hv1), t -> assertThat(t).containsOnlyKeys("vx0a000002",
                "vx0a000003"));
        assertThat(localIp(hv1, "vx0a000002")).isEqualTo("10.0.0.9");

        mesh.put("hv1", Optional.of("10.0.0.1"));
        provider.setTunnelMesh(mesh);
        assertThatEventually(CONVERGE, () -> localIp(hv1, "vx0a000003"), ip -> assertThat(ip).isEqualTo("10.0.0.1"));
        assertThat(tunnels(hv1)).containsOnlyKeys("vx0a000002", "vx0a000003");
    }

    private static String localIp(RealOvsdbServer server, String port) {
        return server.vsctl("--no-wait", "get", "Interface", port, "options:local_ip").strip().replace("\"", "");
    }

    @Test
    void integrationBridgeIsSecureOpenFlow13AndPointsAtUs() {
        RealOvsdbServer hv1 = hypervisor("10.0.0.1");
        provider.connect(hv1.unixTarget());

        assertThatEventually(CONVERGE, () -> hv1.vsctl("--no-wait", "get-controller", "br-int").strip(),
                target -> assertThat(target).isEqualTo(CONTROLLER));
        assertThat(hv1.vsctl("--no-wait", "get-fail-mode", "br-int").strip()).isEqualTo("secure");
        assertThat(hv1.vsctl("--no-wait", "get", "Bridge", "br-int", "protocols").strip()).isEqualTo("[OpenFlow13]");
        assertThat(hv1.vsctl("--no-wait", "get", "Bridge", "br-int", "datapath_type").strip()).isEqualTo("netdev");
    }

    @Test
    void deletedOrEditedTunnelPortsAreRepairedAndForeignOnesAndOperatorSettingsSurvive() {
        RealOvsdbServer hv1 = hypervisor("10.0.0.1");
        hv1.vsctl("--no-wait", "add-br", "br-ops", "--", "set", "Bridge", "br-ops", "datapath_type=netdev");
        provider.connect(hv1.unixTarget());
        provider.setTunnelMesh(mesh("10.0.0.1", "10.0.0.2", "10.0.0.3"));
        assertThatEventually(CONVERGE, () -> tunnels(hv1), t -> assertThat(t).hasSize(2));

        hv1.vsctl("--no-wait", "add-port", "br-int", "foreign0", "--", "set", "Interface", "foreign0", "type=vxlan",
                "options:remote_ip=10.9.9.9");
        hv1.vsctl("--no-wait", "set", "Bridge", "br-int", "other_config:mac-aging-time=123",
                "external_ids:owner-note=ops");
        hv1.vsctl("--no-wait", "del-port", "br-int", "vx0a000002");
        hv1.vsctl("--no-wait", "set", "Interface", "vx0a000003", "options:remote_ip=10.6.6.6", "options:tos=inherit");

        assertThatEventually(CONVERGE, () -> tunnels(hv1), t -> assertThat(t).contains(
                Map.entry("vx0a000002", "10.0.0.2"), Map.entry("vx0a000003", "10.0.0.3")));
        assertThat(hv1.vsctl("--no-wait", "get", "Interface", "vx0a000003", "options:tos").strip())
                .as("an operator's tuning of our tunnel").isEqualTo("inherit");
        assertThat(hv1.vsctl("--no-wait", "get", "Interface", "foreign0", "options:remote_ip").strip())
                .isEqualTo("\"10.9.9.9\"");
        assertThat(hv1.vsctl("--no-wait", "get", "Bridge", "br-int", "other_config:mac-aging-time").strip())
                .isEqualTo("\"123\"");
        assertThat(hv1.vsctl("--no-wait", "list-br").lines()).contains("br-ops", "br-int");
        assertThat(String.join("\n", reports.repairs)).as("what was put back, once")
                .contains("tunnel port vx0a000002 to 10.0.0.2 added").contains("Interface vx0a000003 type or options");
    }

    /**
     * ovs-vswitchd writes an interface's error and does not try again until its configuration changes; here the
     * test plays ovs-vswitchd (the lab test proves it on a real one).
     */
    @Test
    void aTunnelOvsCouldNotCreateIsAProblemNamingAConflictingPortAndIsRetriedOnceItsCauseIsGone() {
        RealOvsdbServer hv1 = hypervisorWithOneTunnel(mesh("10.0.0.1", "10.0.0.2"));
        String fileExists = "could not add network device vx0a000002 to ofproto (File exists)";
        hv1.vsctl("--no-wait", "add-port", "br-int", "handmade", "--", "set", "Interface", "handmade", "type=vxlan",
                "options:remote_ip=10.0.0.2", "options:local_ip=10.0.0.1", "options:key=flow", "--", "set",
                "Interface", "vx0a000002",
                "error=\"" + fileExists + "\"");

        assertThatEventually(CONVERGE, this::problems, problems -> assertThat(problems).containsExactly("Interface "
                + "vx0a000002 (tunnel to vtep-10.0.0.2 at 10.0.0.2): ovs-vswitchd could not create it: " + fileExists
                + "; port handmade, not made by vtep-manager, tunnels to 10.0.0.2 already: once it is removed, this "
                + "tunnel is created"));
        assertThat(retriedFor(hv1)).as("no retry while the cause is in sight").isEmpty();

        long nextCfg = Long.parseLong(hv1.vsctl("--no-wait", "get", "Open_vSwitch", ".", "next_cfg").strip());
        hv1.vsctl("--no-wait", "del-port", "br-int", "handmade");
        assertThatEventually(CONVERGE, () -> retriedFor(hv1), stamp -> assertThat(stamp)
                .as("the record that it was retried").isEqualTo("\"" + fileExists + "\""));
        assertThat(Long.parseLong(hv1.vsctl("--no-wait", "get", "Open_vSwitch", ".", "next_cfg").strip()))
                .as("ovs-vswitchd asked to reconfigure, as ovs-vsctl asks it").isEqualTo(nextCfg + 1);
        assertThatEventually(CONVERGE, this::problems, problems -> assertThat(problems).singleElement().asString()
                .endsWith("could not create it: " + fileExists));

        hv1.vsctl("--no-wait", "clear", "Interface", "vx0a000002", "error");
        assertThatEventually(CONVERGE, this::problems, problems -> assertThat(problems).isEmpty());
        assertThatEventually(CONVERGE, () -> retriedFor(hv1), stamp -> assertThat(stamp).isEmpty());
    }

    /** Here the test plays ovs-vswitchd, which writes the error of a port whose device does not exist (yet). */
    @Test
    void anAttachmentOvsCouldNotAddIsAProblemUntilItsErrorIsGone() {
        RealOvsdbServer hv1 = hypervisorWithOneTunnel(mesh("10.0.0.1", "10.0.0.2"));
        String noDevice = "could not open network device tap9 (No such device)";

        hv1.vsctl("--no-wait", "add-port", "br-int", "tap9", "--", "set", "Interface", "tap9",
                "error=\"" + noDevice + "\"");
        assertThatEventually(CONVERGE, this::problems, problems -> assertThat(problems)
                .containsExactly("Interface tap9 on br-int: ovs-vswitchd could not add it: " + noDevice));

        hv1.vsctl("--no-wait", "clear", "Interface", "tap9", "error");
        assertThatEventually(CONVERGE, this::problems, problems -> assertThat(problems).isEmpty());
    }

    private List<String> problems() {
        return reports.latest.values().stream().flatMap(observation -> observation.problems().stream()).toList();
    }

    private static String retriedFor(RealOvsdbServer hv) {
        return hv.vsctl("--no-wait", "--if-exists", "get", "Interface", "vx0a000002",
                "external_ids:vtep-manager-retried").strip();
    }

    @Test
    void aTunnelPortReStampedForAVtepRegisteredUnderANewIdKeepsItsUuidAndTheOperatorsKeys() {
        RealOvsdbServer hv1 = hypervisorWithOneTunnel(mesh("10.0.0.1", "10.0.0.2"));
        String uuid = hv1.vsctl("--no-wait", "get", "Port", "vx0a000002", "_uuid").strip();
        hv1.vsctl("--no-wait", "set", "Port", "vx0a000002", "external_ids:owner-note=ops");

        Map<String, Optional<String>> renamed = mesh("10.0.0.1");
        renamed.put("reinstalled", Optional.of("10.0.0.2"));
        provider.setTunnelMesh(renamed);

        assertThatEventually(CONVERGE, () -> hv1.vsctl("--no-wait", "get", "Port", "vx0a000002",
                "external_ids:vtep-manager-remote-vtep").strip(), vtep -> assertThat(vtep).isEqualTo("reinstalled"));
        assertThat(hv1.vsctl("--no-wait", "get", "Port", "vx0a000002", "external_ids:owner-note").strip())
                .isEqualTo("ops");
        assertThat(hv1.vsctl("--no-wait", "get", "Port", "vx0a000002", "_uuid").strip()).isEqualTo(uuid);
    }

    @Test
    void aPortWhoseIpANewVtepHoldsNowIsReStampedForItThoughTheOldOneKeepsItsPortsOtherwise() {
        Map<String, Optional<String>> before = mesh("10.0.0.1");
        before.put("a-old", Optional.of("10.0.0.2"));
        RealOvsdbServer hv1 = hypervisorWithOneTunnel(before);

        // The host was reinstalled as b-new with the same address; a-old's IP is no longer known.
        Map<String, Optional<String>> after = mesh("10.0.0.1");
        after.put("a-old", Optional.empty());
        after.put("b-new", Optional.of("10.0.0.2"));
        provider.setTunnelMesh(after);

        assertThatEventually(CONVERGE, () -> hv1.vsctl("--no-wait", "get", "Port", "vx0a000002",
                "external_ids:vtep-manager-remote-vtep").strip(), vtep -> assertThat(vtep).isEqualTo("b-new"));
        assertThat(reports.latest.values()).allSatisfy(seen -> assertThat(seen.problems()).isEmpty());
    }

    @Test
    void aRestartedManagerChangesNothingThatIsAlreadyRight() throws Exception {
        RealOvsdbServer hv1 = hypervisorWithOneTunnel(mesh("10.0.0.1", "10.0.0.2"));
        assertThatEventually(CONVERGE, () -> hv1.vsctl("--no-wait", "get-controller", "br-int").strip(),
                target -> assertThat(target).isEqualTo(CONTROLLER));
        String before = rowUuids(hv1);

        provider.close();
        provider = new HypervisorProvider(events, transport, settings, reports);
        reports.latest.clear();
        provider.connect(hv1.unixTarget());
        provider.setTunnelMesh(mesh("10.0.0.1", "10.0.0.2"));
        assertThatEventually(CONVERGE, () -> reports.latest.values(), seen -> assertThat(seen).isNotEmpty());
        events.submit(() -> { }).get(5, TimeUnit.SECONDS);

        assertThat(rowUuids(hv1)).isEqualTo(before);
    }

    @Test
    void aManagerWhoseOpenFlowTakesTlsPointsTheBridgeAtAnSslControllerInPlaceOfATcpOne() {
        RealOvsdbServer hv1 = hypervisorWithOneTunnel(mesh("10.0.0.1", "10.0.0.2"));
        assertThatEventually(CONVERGE, () -> hv1.vsctl("--no-wait", "get-controller", "br-int").strip(),
                target -> assertThat(target).isEqualTo(CONTROLLER));

        provider.close();
        provider = new HypervisorProvider(events, transport, settings.withOpenflowTls(true), reports);
        provider.connect(hv1.unixTarget());
        provider.setTunnelMesh(mesh("10.0.0.1", "10.0.0.2"));

        assertThatEventually(CONVERGE, () -> hv1.vsctl("--no-wait", "get-controller", "br-int").strip(),
                target -> assertThat(target).isEqualTo("ssl:127.0.0.1:6653"));
        assertThat(hv1.vsctl("--no-wait", "--columns=target", "list", "Controller").lines()
                .filter(l -> l.startsWith("target")).count()).isEqualTo(1);
    }

    @Test
    void aHypervisorThatDialsTheManagerIsManagedTheSameWay() throws Exception {
        var bound = transport.listen((OvsdbTarget.PassiveTcp) OvsdbTarget.parse("ptcp:0:127.0.0.1"),
                provider::accept).get(5, TimeUnit.SECONDS);
        RealOvsdbServer hv1 = hypervisor("10.0.0.1", "tcp:127.0.0.1:" + bound.getPort());
        provider.setTunnelMesh(mesh("10.0.0.1", "10.0.0.7"));

        assertThatEventually(CONVERGE, () -> tunnels(hv1),
                t -> assertThat(t).containsOnly(Map.entry("vx0a000007", "10.0.0.7")));
        assertThat(reports.latest.values()).anyMatch(o -> o.peer().endsWith("(passive)")
                && o.systemId().equals(Optional.of("hv-10.0.0.1")));
    }

    @Test
    void aKilledAndRestartedSwitchIsReconnectedAndRepairedWithoutDuplicates() {
        RealOvsdbServer hv1 = hypervisorWithOneTunnel(mesh("10.0.0.1", "10.0.0.2"));

        hv1.kill();
        assertThatEventually(CONVERGE, () -> reports.disconnects, d -> assertThat(d).isNotEmpty());
        hv1.launch();
        hv1.vsctl("--no-wait", "del-port", "br-int", "vx0a000002");

        assertThatEventually(CONVERGE, () -> tunnels(hv1),
                t -> assertThat(t).containsOnly(Map.entry("vx0a000002", "10.0.0.2")));
        assertThat(hv1.vsctl("--no-wait", "--columns=target", "list", "Controller").lines()
                .filter(l -> l.startsWith("target")).count()).isEqualTo(1);
    }

    /**
     * A frozen switch fails every reconnect the same way: its disconnect says why, and its log is one WARN however
     * long it stays frozen (the probe's own line was a WARN per attempt).
     */
    @Test
    void aFrozenSwitchsDisconnectNamesTheProbeAndItsFailedReconnectsAreOneWarning() {
        RealOvsdbServer hv1 = hypervisorWithOneTunnel(mesh("10.0.0.1", "10.0.0.2"));
        Logger ovsdb = (Logger) LoggerFactory.getLogger("org.vtepmanager.ovsdb");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        ovsdb.addAppender(logged);
        try {
            hv1.freeze();

            assertThatEventually(CONVERGE, () -> reports.disconnects, d -> assertThat(d).containsExactly(
                    hv1.unixTarget() + ": OVSDB session closed: no reply to an inactivity probe within 1000 ms"));
            // A probe of 1 s and a backoff of at most 0.8 s: three reconnects at least.
            assertThatThroughout(Duration.ofSeconds(6), () -> warnings(logged), w -> assertThat(w).hasSizeLessThan(2));
            assertThat(warnings(logged)).singleElement().asString().isEqualTo("OVSDB connection failed");
        } finally {
            ovsdb.detachAppender(logged);
            hv1.thaw();
        }
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> logged) {
        return logged.list.stream().filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getMessage).toList();
    }

    @Test
    void aServerWithoutTheOpenVswitchDatabaseIsReportedAndOthersStillServed() {
        RealOvsdbServer tor = RealOvsdbServer.start(List.of("vtep"));
        servers.add(tor);
        RealOvsdbServer hv1 = hypervisor("10.0.0.1");
        provider.connect(tor.unixTarget());
        provider.connect(OvsdbTarget.parse("unix:/nonexistent/db.sock"));
        provider.connect(hv1.unixTarget());
        provider.setTunnelMesh(mesh("10.0.0.1", "10.0.0.2"));

        assertThatEventually(CONVERGE, () -> tunnels(hv1), t -> assertThat(t).hasSize(1));
        assertThatEventually(CONVERGE, () -> reports.failures, f -> assertThat(f)
                .anyMatch(r -> r.contains(tor.unixTarget().toString())
                        && r.contains("database Open_vSwitch is not served"))
                .anyMatch(r -> r.contains("unix:/nonexistent/db.sock") && r.contains("cannot connect")));
    }

    @Test
    void aTargetThatExpectsTlsIsReportedAsSuch() {
        int port = RealPorts.free();
        RealOvsdbServer tls = RealOvsdbServer.vswitchOverTls("pssl:" + port + ":127.0.0.1");
        servers.add(tls);
        provider.connect(OvsdbTarget.parse("tcp:127.0.0.1:" + port));

        assertThatEventually(CONVERGE, () -> reports.failures, f -> assertThat(f)
                .anyMatch(r -> r.startsWith("tcp:127.0.0.1:" + port + ": ") && r.contains("expecting TLS")));
    }

    @Test
    void aHypervisorWithoutLocalIpIsReportedAndGetsNoTunnels() {
        RealOvsdbServer hv = RealOvsdbServer.vswitch();
        servers.add(hv);
        provider.connect(hv.unixTarget());
        provider.setTunnelMesh(mesh("10.0.0.2", "10.0.0.3"));

        assertThatEventually(CONVERGE, () -> reports.latest.values(), seen -> assertThat(seen)
                .anyMatch(o -> o.tunnelIp().isEmpty()));
        assertThatEventually(CONVERGE, () -> hv.vsctl("--no-wait", "list-br").strip(),
                b -> assertThat(b).isEqualTo("br-int"));
        assertThat(tunnels(hv)).isEmpty();
    }

    @Test
    void anExistingIntegrationBridgeWithoutFailModeOrControllerIsTakenOver() {
        RealOvsdbServer hv1 = hypervisor("10.0.0.1");
        hv1.vsctl("--no-wait", "add-br", "br-int", "--", "add-port", "br-int", "tap0", "--", "add-port", "br-int",
                "ns0", "--", "set", "Interface", "ns0", "type=internal");
        provider.connect(hv1.unixTarget());
        provider.setTunnelMesh(mesh("10.0.0.1", "10.0.0.2"));

        assertThatEventually(CONVERGE, () -> hv1.vsctl("--no-wait", "get-fail-mode", "br-int").strip(),
                mode -> assertThat(mode).isEqualTo("secure"));
        assertThatEventually(CONVERGE, () -> tunnels(hv1), t -> assertThat(t).hasSize(1));
        assertThat(hv1.vsctl("--no-wait", "list-ports", "br-int").lines()).contains("tap0");
        assertThat(reports.latest.values()).singleElement().satisfies(seen -> assertThat(seen.ports())
                .extracting(HypervisorObservation.VmPort::name)
                .as("an internal port is an attachment; the bridge's own is not").containsExactly("ns0", "tap0"));
    }

    @Test
    void aServerThatAlsoServesHardwareVtepIsNotTurnedIntoAHypervisor() {
        RealOvsdbServer tor = RealOvsdbServer.start(List.of("vswitch", "vtep"));
        servers.add(tor);
        provider.connect(tor.unixTarget());

        assertThatEventually(CONVERGE, () -> reports.failures, f -> assertThat(f)
                .anyMatch(r -> r.contains("serves hardware_vtep")));
        assertThat(tor.vsctl("--no-wait", "list-br").strip()).isEmpty();
    }

    @Test
    void aMemberWhoseIpIsNotKnownRightNowKeepsItsPortUntilItLeaves() {
        RealOvsdbServer hv1 = hypervisorWithOneTunnel(mesh("10.0.0.1", "10.0.0.2"));
        String port = hv1.vsctl("--no-wait", "get", "Port", "vx0a000002", "_uuid").strip();

        Map<String, Optional<String>> unknown = new TreeMap<>(mesh("10.0.0.1"));
        unknown.put("vtep-10.0.0.2", Optional.empty());
        unknown.put("vtep-10.0.0.3", Optional.of("10.0.0.3"));
        provider.setTunnelMesh(unknown);
        assertThatEventually(CONVERGE, () -> tunnels(hv1), t -> assertThat(t).hasSize(2));
        assertThat(hv1.vsctl("--no-wait", "get", "Port", "vx0a000002", "_uuid").strip()).isEqualTo(port);

        provider.setTunnelMesh(mesh("10.0.0.1", "10.0.0.3"));
        assertThatEventually(CONVERGE, () -> tunnels(hv1), t -> assertThat(t).containsOnlyKeys("vx0a000003"));
    }

    /**
     * A VTEP registered without an IP changes no hypervisor that has no port stamped for it: at 200 hypervisors,
     * planning each of them again was a third of the cost of one more joining.
     */
    @Test
    void aNewMemberWithoutAnIpMakesNoHypervisorWithoutItsPortsPlanAgain() throws Exception {
        RealOvsdbServer hv1 = hypervisorWithOneTunnel(mesh("10.0.0.1", "10.0.0.2"));
        String peer = hv1.unixTarget().toString();
        int settled = settledObservations(peer);

        Map<String, Optional<String>> registered = mesh("10.0.0.1", "10.0.0.2");
        registered.put("vtep-new", Optional.empty());
        provider.setTunnelMesh(registered);
        events.submit(() -> { }).get(5, TimeUnit.SECONDS);

        assertThat(reports.observations.get(peer)).as("hv1 planned and reported again").isEqualTo(settled);
        provider.setTunnelMesh(mesh("10.0.0.1", "10.0.0.2", "10.0.0.5"));
        assertThatEventually(CONVERGE, () -> tunnels(hv1), t -> assertThat(t).containsOnlyKeys("vx0a000002",
                "vx0a000005"));
    }

    /** How many times {@code peer} was observed, once no observation came for half a second. */
    private int settledObservations(String peer) {
        int[] settled = new int[1];
        assertThatEventually(CONVERGE, () -> reports.observations.getOrDefault(peer, 0), seen -> {
            assertThatThroughout(Duration.ofMillis(500), () -> reports.observations.getOrDefault(peer, 0),
                    now -> assertThat(now).as("observations still coming").isEqualTo(seen));
            settled[0] = seen;
        });
        return settled[0];
    }

    @Test
    void aSessionNotKnownAsAVtepYetBuildsNoTunnelPortAndKeepsThoseItHasUntilItIsAMember() {
        RealOvsdbServer hv1 = hypervisorWithOneTunnel(mesh("10.0.0.1", "10.0.0.2"));
        RealOvsdbServer hv3 = hypervisor("10.0.0.3");
        String peer = hv1.unixTarget().toString();
        reports.places.put(peer, HypervisorReports.MeshPlace.UNKNOWN);

        provider.connect(hv3.unixTarget());
        provider.setTunnelMesh(mesh("10.0.0.1", "10.0.0.2", "10.0.0.3"));
        assertThatEventually(CONVERGE, () -> tunnels(hv3), t -> assertThat(t).hasSize(2));
        // Absence can only be watched for a while: hv3's plan of the same mesh change is done, hv1's came with it.
        assertThatThroughout(Duration.ofMillis(500), () -> tunnels(hv1),
                t -> assertThat(t).as("hv1's ports while it is not known").containsOnlyKeys("vx0a000002"));

        reports.places.put(peer, HypervisorReports.MeshPlace.MEMBER);
        provider.placeChanged(peer);
        assertThatEventually(CONVERGE, () -> tunnels(hv1), t -> assertThat(t).containsOnlyKeys("vx0a000002",
                "vx0a000003"));
    }

    /** A session left out has no tunnel to change: members joining make it neither plan nor report again. */
    @Test
    void aSessionLeftOutOfTheMeshDoesNotPlanAgainWhenMembersJoin() throws Exception {
        RealOvsdbServer hv1 = hypervisorWithOneTunnel(mesh("10.0.0.1", "10.0.0.2"));
        String peer = hv1.unixTarget().toString();
        reports.places.put(peer, HypervisorReports.MeshPlace.LEFT_OUT);
        provider.placeChanged(peer);
        assertThatEventually(CONVERGE, () -> tunnels(hv1), t -> assertThat(t).isEmpty());
        int settled = settledObservations(peer);

        provider.setTunnelMesh(mesh("10.0.0.1", "10.0.0.2", "10.0.0.3"));
        events.submit(() -> { }).get(5, TimeUnit.SECONDS);

        assertThat(reports.observations.get(peer)).as("hv1 planned and reported again").isEqualTo(settled);
    }

    @Test
    void aSessionLeftOutOfTheMeshKeepsNoTunnelPortOfOurs() {
        RealOvsdbServer hv1 = hypervisorWithOneTunnel(mesh("10.0.0.1", "10.0.0.2"));
        String peer = hv1.unixTarget().toString();

        reports.places.put(peer, HypervisorReports.MeshPlace.LEFT_OUT);
        provider.placeChanged(peer);

        assertThatEventually(CONVERGE, () -> tunnels(hv1), t -> assertThat(t).isEmpty());
        assertThat(hv1.vsctl("--no-wait", "get-controller", "br-int").strip()).as("the bridge is still ours")
                .isEqualTo(CONTROLLER);
    }

    /** A mesh of VTEPs named after their (known) tunnel IPs. */
    private static Map<String, Optional<String>> mesh(String... ips) {
        Map<String, Optional<String>> mesh = new TreeMap<>();
        for (String ip : ips) {
            mesh.put("vtep-" + ip, Optional.of(ip));
        }
        return mesh;
    }

    /** Every row UUID of the tables the manager writes, in one string. */
    private static String rowUuids(RealOvsdbServer server) {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("Bridge", "Port", "Interface", "Controller")) {
            all.append(table)
                    .append(server.vsctl("--no-wait", "--columns=_uuid", "list", table).lines().sorted().toList());
        }
        return all.toString();
    }
}
