package org.vtepmanager.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.ofcontroller.OpenFlowConfig;
import org.vtepmanager.ofcontroller.southbound.OpenFlowSouthbound;
import org.vtepmanager.ovsdb.ConnectTarget;
import org.vtepmanager.ovsdb.OvsdbTarget;
import org.vtepmanager.web.WebServer;

class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    /**
     * As {@link #run}, but a command line that parses never starts a manager: it exits 0, so a value wrongly
     * accepted fails the test at once instead of leaving a running manager behind in the test JVM.
     */
    private int runWithoutStarting(String... args) {
        return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .setExecutionStrategy(parsed -> 0).execute(args);
    }

    @Test
    void helpListsEveryOptionAndExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--openflow-listen", "--ovsdb-listen", "--ovsdb-connect",
                "--http-host", "--http-port", "--data-dir", "--version", "--openflow-advertise", "--integration-bridge",
                "--datapath-type", "--packet-in-limit", "--mac-limit-per-port", "--openflow-io-threads",
                "--openflow-read-backlog", "--flow-compare", "--arp-reachable-time", "--tls-private-key",
                "--tls-certificate", "--tls-ca-cert", "--api-token-file", "--https-private-key", "--https-certificate",
                "--restore", "--underlay-mtu");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "--no-such-option                 | Unknown option: '--no-such-option'",
        "--http-port=abc                  | 'abc' is not a port number",
        "--http-port=70000                | '70000' is not a port number",
        "--openflow-listen=6653           | '6653' is not HOST:PORT",
        "--openflow-listen=host:6653      | 'host' is not an IPv4 or IPv6 address",
        "--http-host=localhost            | 'localhost' is not an IPv4 or IPv6 address",
        "--datapath-type=dpdk             | 'dpdk' is not a datapath type",
        "--integration-bridge=br/int      | 'br/int' is not a bridge name",
        "--openflow-advertise=ctl.example | 'ctl.example' is not an IPv4 or IPv6 address",
        "--mac-aging=0                    | '0' is not a number of seconds in 1..65535",
        "--mac-limit-per-port=0           | '0' must be a number of at least 1",
        "--packet-in-limit=0              | '0' must be a number of at least 1",
        "--underlay-mtu=117               | '117' is not an MTU in 118..65535 (the smallest carries an overlay MTU",
        "--underlay-mtu=jumbo             | 'jumbo' is not an MTU in 118..65535",
        "--openflow-io-threads=0          | '0' must be a number of at least 1",
        "--openflow-read-backlog=0        | '0' must be a number of at least 1",
        "--flow-compare=-1                | '-1' is not a number of seconds in 0..86400 (0: never)",
        "--flow-compare=86401             | '86401' is not a number of seconds in 0..86400 (0: never)",
        "--flow-compare=1m                | '1m' is not a number of seconds in 0..86400 (0: never)",
        "--arp-reachable-time=-5          | '-5' is not a number of seconds in 0..86400 (0: never)",
        "--ovsdb-connect=ptcp:6640        | option '--ovsdb-connect' ([ID=]TARGET): 'ptcp:6640' is a listener",
        "--hardware-vtep-connect=ptcp:1   | option '--hardware-vtep-connect' ([ID=]TARGET): 'ptcp:1' is a listener",
        "--ovsdb-connect=hv1=ptcp:1       | option '--ovsdb-connect' ([ID=]TARGET): 'ptcp:1' is a listener",
        "--ovsdb-connect=tcp:10.0.0.1:x   | port 'x'",
        "--ovsdb-connect=a=tcp:10.0.0.1:x | port 'x'",
        "--ovsdb-connect=hv/1=tcp:1.2.3.4 | 'hv/1' is not a VTEP id",
        "--hardware-vtep-connect==unix:/x | '' is not a VTEP id",
        "--ovsdb-listen=tcp:10.0.0.1:6640 | --ovsdb-listen takes ptcp:PORT[:IP]",
        "--service-node=127.0.0.1         | 127.0.0.1 is a loopback address, which no other VTEP can reach",
        "--service-node=224.0.0.9         | 224.0.0.9 is not a unicast address",
        "--service-node=tor.example       | 'tor.example' is not an IPv4 or IPv6 address",
    })
    void badInputExitsNonZeroWithOneLineReason(String arg, String reason) {
        assertThat(runWithoutStarting(arg)).isEqualTo(2);
        assertThat(err.toString()).contains(reason);
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    @Test
    void defaultsAreTheDocumentedPorts() {
        ManagerConfig config = configOf();

        assertThat(config.openflowListen().getPort()).isEqualTo(6653);
        assertThat(config.ovsdbListen().port()).isEqualTo(6640);
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.ovsdbConnect()).isEmpty();
    }

    @Test
    void thePacketInLimitReachesTheConfigAndDefaultsToTwentyThousand() {
        assertThat(configOf().packetInLimit()).isEqualTo(20_000);
        assertThat(configOf("--packet-in-limit", "500").packetInLimit()).isEqualTo(500);
    }

    @Test
    void theUnderlayMtuReachesTheConfigAndDefaultsToEthernets() {
        assertThat(configOf().underlayMtu()).isEqualTo(1500);
        assertThat(configOf("--underlay-mtu", "9000").underlayMtu()).isEqualTo(9000);
    }

    @Test
    void theOpenFlowIoThreadsReachTheConfigAndDefaultToHalfTheProcessors() {
        assertThat(configOf().openflowIoThreads())
                .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        assertThat(configOf("--openflow-io-threads", "3").openflowIoThreads()).isEqualTo(3);
    }

    @Test
    void theReadBacklogReachesTheConfigAndDefaultsToTheOpenFlowSidesOwn() {
        assertThat(configOf().openflowReadBacklog()).isEqualTo(OpenFlowConfig.DEFAULT_READ_BACKLOG);
        assertThat(configOf("--openflow-read-backlog", "512").openflowReadBacklog()).isEqualTo(512);
    }

    @Test
    void theFlowComparePeriodReachesTheConfigDefaultsToTheSouthboundsOwnAndZeroTurnsItOff() {
        assertThat(configOf().flowComparePeriod()).isEqualTo(OpenFlowSouthbound.DEFAULT_COMPARE_PERIOD);
        assertThat(configOf("--flow-compare", "300").flowComparePeriod()).isEqualTo(Duration.ofMinutes(5));
        assertThat(configOf("--flow-compare", "0").flowComparePeriod()).isZero();
    }

    @Test
    void theArpReachableTimeReachesTheMacTablesDefaultsToThirtySecondsAndZeroNeverAnswers() {
        assertThat(configOf().macTables().arpReachableTime()).isEqualTo(MacTableConfig.DEFAULT_ARP_REACHABLE_TIME)
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(configOf("--arp-reachable-time", "5").macTables().arpReachableTime())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(configOf("--arp-reachable-time", "0").macTables().arpReachableTime()).isZero();
        assertThat(configOf("--arp-reachable-time", "5", "--mac-aging", "60").macTables().agingTime())
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void connectTargetsAccumulate() {
        ManagerConfig config = configOf("--ovsdb-connect", "unix:/tmp/a.sock", "--ovsdb-connect", "tcp:192.0.2.5");

        assertThat(config.ovsdbConnect()).containsExactly(
                unnamed("unix:/tmp/a.sock"), unnamed("tcp:192.0.2.5:6640"));
    }

    @Test
    void aConnectTargetMayNameItsVtep() {
        ManagerConfig config = configOf("--ovsdb-connect", "hv1=tcp:192.0.2.5", "--hardware-vtep-connect",
                "tor-1=unix:/tmp/tor=1.sock", "--ovsdb-connect", "unix:/tmp/a=b.sock");

        assertThat(config.ovsdbConnect()).containsExactly(
                new ConnectTarget(Optional.of(VtepId.of("hv1")), OvsdbTarget.parse("tcp:192.0.2.5:6640")),
                unnamed("unix:/tmp/a=b.sock"));
        assertThat(config.hardwareVteps().connect()).containsExactly(
                new ConnectTarget(Optional.of(VtepId.of("tor-1")), OvsdbTarget.parse("unix:/tmp/tor=1.sock")));
    }

    @Test
    void hardwareVtepTargetsAreKeptApartFromHypervisorTargets() {
        ManagerConfig config = configOf("--ovsdb-connect", "unix:/tmp/hv.sock", "--hardware-vtep-connect",
                "unix:/tmp/tor.sock", "--hardware-vtep-connect", "tcp:192.0.2.6", "--service-node", "192.0.2.100");

        assertThat(config.ovsdbConnect()).containsExactly(unnamed("unix:/tmp/hv.sock"));
        assertThat(config.hardwareVteps().connect()).containsExactly(
                unnamed("unix:/tmp/tor.sock"), unnamed("tcp:192.0.2.6:6640"));
        assertThat(config.hardwareVteps().serviceNodes()).containsExactly("192.0.2.100");
    }

    @Test
    void theTlsFilesReachTheConfigAndWithoutThemThereIsNone() {
        assertThat(configOf().tls()).isEmpty();

        ManagerConfig config = configOf("--tls-private-key", "/etc/vtep/key.pem", "--tls-certificate",
                "/etc/vtep/cert.pem", "--tls-ca-cert", "/etc/vtep/ca.pem", "--ovsdb-listen", "pssl:6640",
                "--ovsdb-connect", "hv1=ssl:192.0.2.5");

        assertThat(config.tls()).contains(new ManagerConfig.Tls(Path.of("/etc/vtep/key.pem"),
                Path.of("/etc/vtep/cert.pem"), Path.of("/etc/vtep/ca.pem")));
        assertThat(config.ovsdbListen()).hasToString("pssl:6640:0.0.0.0");
        assertThat(config.ovsdbConnect()).extracting(ConnectTarget::target).map(Object::toString)
                .containsExactly("ssl:192.0.2.5:6640");
    }

    @Test
    void theApiTokenFileReachesTheConfigAndWithoutItThereIsNone() {
        assertThat(configOf().apiTokenFile()).isEmpty();
        assertThat(configOf("--api-token-file", "/etc/vtep/api-token").apiTokenFile())
                .contains(Path.of("/etc/vtep/api-token"));
    }

    @Test
    void theHttpsFilesReachTheConfigAndWithoutThemTheApiIsPlainHttp() {
        assertThat(configOf().https()).isEmpty();
        assertThat(configOf("--https-private-key", "/etc/vtep/web-key.pem", "--https-certificate",
                "/etc/vtep/web-cert.pem").https()).contains(new WebServer.HttpsIdentity(
                        Path.of("/etc/vtep/web-key.pem"), Path.of("/etc/vtep/web-cert.pem")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "--tls-private-key=/k.pem --tls-certificate=/c.pem | --tls-private-key, --tls-certificate and --tls-ca-cert "
                + "go together: give all three or none",
        "--tls-ca-cert=/ca.pem                             | go together",
        "--ovsdb-listen=pssl:6640                          | pssl:6640:0.0.0.0 needs the manager's TLS identity: "
                + "--tls-private-key, --tls-certificate and --tls-ca-cert",
        "--ovsdb-connect=ssl:192.0.2.5                     | ssl:192.0.2.5:6640 needs the manager's TLS identity",
        "--hardware-vtep-connect=tor=ssl:192.0.2.6:6641    | ssl:192.0.2.6:6641 needs the manager's TLS identity",
        "--https-certificate=/c.pem                        | --https-private-key and --https-certificate go together",
    })
    void tlsAndHttpsOptionsThatDoNotHoldTogetherExitTwoNamingWhatIsMissing(String args, String reason) {
        int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .setExecutionStrategy(parsed -> ((Main) parsed.commandSpec().userObject()).config() != null ? 0 : 1)
                .execute(args.split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(reason);
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    private static ConnectTarget unnamed(String target) {
        return new ConnectTarget(Optional.empty(), OvsdbTarget.parse(target));
    }

    /** The configuration these arguments give, as the manager would start with it. */
    private static ManagerConfig configOf(String... args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        return main.config();
    }
}
