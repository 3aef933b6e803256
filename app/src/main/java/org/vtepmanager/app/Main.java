package org.vtepmanager.app;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.ofcontroller.OpenFlowConfig;
import org.vtepmanager.ovsdb.ConnectTarget;
import org.vtepmanager.ovsdb.OvsdbTarget;
import org.vtepmanager.web.WebServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code vtep-manager} command: parses and validates options, then runs the manager until stopped. */
@Command(name = "vtep-manager", mixinStandardHelpOptions = true, version = "vtep-manager 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = "VXLAN control plane for Open vSwitch hypervisors and hardware VTEPs.")
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--openflow-listen", paramLabel = "IP:PORT", defaultValue = "0.0.0.0:6653",
            converter = Converters.ListenAddress.class,
            description = "Where the OpenFlow 1.3 controller listens for switches (default: ${DEFAULT-VALUE}).")
    InetSocketAddress openflowListen;

    @Option(names = "--ovsdb-listen", paramLabel = "ptcp|pssl:PORT[:IP]", defaultValue = "ptcp:6640",
            converter = Converters.PassiveTarget.class,
            description = "Where switches that ran set-manager dial in; pssl: in TLS (default: ${DEFAULT-VALUE}).")
    OvsdbTarget.PassiveTcp ovsdbListen;

    @Option(names = "--ovsdb-connect", paramLabel = "[ID=]TARGET", converter = Converters.Connect.class,
            description = "A hypervisor's OVSDB server the manager dials: tcp:IP[:PORT], ssl:IP[:PORT] (TLS) or "
                    + "unix:PATH, registered "
                    + "as VTEP ID if given, else under an id made from the target (at the first start; later "
                    + "starts keep what is registered). Repeatable.")
    List<ConnectTarget> ovsdbConnect = new ArrayList<>();

    @Option(names = "--hardware-vtep-connect", paramLabel = "[ID=]TARGET", converter = Converters.Connect.class,
            description = "A hardware VTEP's (ToR's) hardware_vtep OVSDB server the manager dials: tcp:IP[:PORT], "
                    + "ssl:IP[:PORT] or unix:PATH, registered as --ovsdb-connect's are. Repeatable.")
    List<ConnectTarget> hardwareVtepConnect = new ArrayList<>();

    @Option(names = "--service-node", paramLabel = "IP", converter = Converters.TunnelIpLiteral.class,
            description = "Tunnel IP of a service node that replicates the ToRs' broadcast and unknown frames "
                    + "(service-node replication), for networks that set no replication of their own. Repeatable; "
                    + "without it such networks replicate on each ToR (source node).")
    List<String> serviceNodes = new ArrayList<>();

    @Option(names = "--openflow-advertise", paramLabel = "IP", converter = Converters.IpLiteral.class,
            description = "The address switches are told to dial for OpenFlow (default: the --openflow-listen IP if "
                    + "it is a specific one, else the address each switch's OVSDB session reached us on).")
    Optional<String> openflowAdvertise;

    @Option(names = "--integration-bridge", paramLabel = "NAME", defaultValue = "br-int",
            converter = Converters.BridgeName.class,
            description = "The bridge the manager keeps on every hypervisor (default: ${DEFAULT-VALUE}).")
    String integrationBridge;

    @Option(names = "--datapath-type", paramLabel = "TYPE", defaultValue = "system",
            converter = Converters.DatapathType.class,
            description = "Datapath of the integration bridge: system (kernel) or netdev (userspace) "
                    + "(default: ${DEFAULT-VALUE}).")
    String datapathType;

    @Option(names = "--mac-aging", paramLabel = "SECONDS", defaultValue = "300",
            converter = Converters.IdleSeconds.class,
            description = "A learned MAC is forgotten after this long without traffic (default: ${DEFAULT-VALUE}).")
    int macAgingSeconds;

    @Option(names = "--arp-reachable-time", paramLabel = "SECONDS", defaultValue = "30",
            converter = Converters.SecondsOrNever.class,
            description = "An ARP request is answered by the controller only when the target's owner claimed its IP "
                    + "(its own ARP request or reply) this recently; otherwise it goes to the owner, whose reply "
                    + "confirms the binding again. 0 never answers (default: ${DEFAULT-VALUE}).")
    int arpReachableSeconds;

    @Option(names = "--mac-limit-per-port", paramLabel = "N", defaultValue = "4096",
            converter = Converters.AtLeastOne.class,
            description = "MACs learned on one port at most; more are refused (default: ${DEFAULT-VALUE}).")
    int macLimitPerPort;

    @Option(names = "--underlay-mtu", paramLabel = "BYTES", defaultValue = "" + ManagerConfig.DEFAULT_UNDERLAY_MTU,
            converter = Converters.UnderlayMtu.class,
            description = "IP MTU of the links between VTEPs. A network that sets no MTU gets this less the bytes "
                    + "VXLAN adds (50; 70 once a VTEP tunnels over IPv6), and a bound VM port whose MTU is above what "
                    + "its network carries is reported (default: ${DEFAULT-VALUE}).")
    int underlayMtu;

    @Option(names = "--packet-in-limit", paramLabel = "N",
            defaultValue = "" + OpenFlowConfig.DEFAULT_PACKET_IN_LIMIT,
            converter = Converters.AtLeastOne.class,
            description = "Packet-ins per second and switch handled at most; more are dropped, so a flood of new "
                    + "source MACs cannot starve the controller (default: ${DEFAULT-VALUE}).")
    int packetInLimit;

    @Option(names = "--openflow-io-threads", paramLabel = "N", converter = Converters.AtLeastOne.class,
            description = "Threads that read and write the switches' OpenFlow connections (default: half the "
                    + "processors, at least 1; all OpenFlow decisions run on one thread of their own).")
    Optional<Integer> openflowIoThreads;

    @Option(names = "--openflow-read-backlog", paramLabel = "N",
            defaultValue = "" + OpenFlowConfig.DEFAULT_READ_BACKLOG, converter = Converters.AtLeastOne.class,
            description = "Messages of one switch waiting for the OpenFlow thread at which its connection stops "
                    + "reading until half of them are handled, so a switch that floods the controller waits rather "
                    + "than filling the heap (default: ${DEFAULT-VALUE}).")
    int openflowReadBacklog;

    @Option(names = "--flow-compare", paramLabel = "SECONDS", defaultValue = "60",
            converter = Converters.SecondsOrNever.class,
            description = "How often each switch's flows and groups are read back and compared with what the manager "
                    + "installed, so that one changed by hand is put back; a period more between reads for each "
                    + "100,000 flows a switch holds. 0 never (flows deleted by hand are still found; default: "
                    + "${DEFAULT-VALUE}).")
    int flowCompareSeconds;

    @Option(names = "--http-host", paramLabel = "IP", defaultValue = "0.0.0.0", converter = Converters.IpLiteral.class,
            description = "Address of the REST API and dashboard (default: ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080", converter = Converters.Port.class,
            description = "Port of the REST API and dashboard; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--tls-private-key", paramLabel = "FILE",
            description = "The manager's private key (PEM, unencrypted PKCS#8). With --tls-certificate and "
                    + "--tls-ca-cert, OVSDB takes ssl: and pssl: targets and the OpenFlow listener takes TLS only "
                    + "(bridges are pointed at it as ssl:). The three files are read again when they change.")
    Optional<Path> tlsPrivateKey;

    @Option(names = "--tls-certificate", paramLabel = "FILE",
            description = "The manager's certificate (PEM), signed by a CA the switches trust.")
    Optional<Path> tlsCertificate;

    @Option(names = "--tls-ca-cert", paramLabel = "FILE",
            description = "The CA certificate (PEM) that signs the switches' certificates; a switch whose certificate "
                    + "it did not sign is refused.")
    Optional<Path> tlsCaCert;

    @Option(names = "--api-token-file", paramLabel = "FILE",
            description = "A file of the tokens the REST API's changes need (Authorization: Bearer TOKEN), one per "
                    + "line as NAME TOKEN, or a bare TOKEN (at least 32 characters, e.g. openssl rand -hex 32); "
                    + "each change is logged with the token's name. Read again when it changes. Reads stay open. "
                    + "Without it anyone who reaches the HTTP port may change intent.")
    Optional<Path> apiTokenFile;

    @Option(names = "--https-private-key", paramLabel = "FILE",
            description = "With --https-certificate, the HTTP port speaks HTTPS only, with this key (PEM).")
    Optional<Path> httpsPrivateKey;

    @Option(names = "--https-certificate", paramLabel = "FILE",
            description = "The certificate (chain, PEM) the HTTPS port presents: one the operators' browsers trust. "
                    + "It and its key are read again when they change.")
    Optional<Path> httpsCertificate;

    @Option(names = "--restore", paramLabel = "FILE",
            description = "An intent document (GET /api/v1/intent) to restore into the data directory before the "
                    + "manager starts, when its store holds no intent yet (a WARN and no change otherwise): a "
                    + "rebuilt manager then finds its switches as intent wants them.")
    Optional<Path> restore;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "vtep-data",
            description = "Directory of the embedded intent store (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    public static void main(String[] args) {
        System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
    }

    /** The command line with the project's error style: one line naming the option and the reason, exit 2. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, args) -> {
            err.println("vtep-manager: " + e.getMessage().lines().findFirst().orElse("bad arguments")
                    + " (try --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, parsed, result) -> {
            err.println("vtep-manager: " + e.getMessage());
            return 1;
        });
        return cli;
    }

    /** @throws ParameterException when options that only hold together do not (TLS, ssl: targets) */
    ManagerConfig config() {
        Optional<ManagerConfig.Tls> tls = tls();
        return new ManagerConfig(openflowListen, ovsdbListen, ovsdbConnect, httpHost, httpPort, dataDir,
                new ManagerConfig.Hypervisors(integrationBridge, datapathType, openflowAdvertise),
                new ManagerConfig.HardwareVteps(hardwareVtepConnect, serviceNodes), macTables(), underlayMtu,
                packetInLimit,
                openflowIoThreads.orElseGet(OpenFlowConfig::defaultIoThreads), openflowReadBacklog,
                Duration.ofSeconds(flowCompareSeconds), tls, apiTokenFile, https());
    }

    /** Both HTTPS files or neither. */
    private Optional<WebServer.HttpsIdentity> https() {
        if (httpsPrivateKey.isPresent() != httpsCertificate.isPresent()) {
            throw new ParameterException(spec.commandLine(),
                    "--https-private-key and --https-certificate go together: give both or neither");
        }
        return httpsPrivateKey.map(key -> new WebServer.HttpsIdentity(key, httpsCertificate.get()));
    }

    /** All three TLS files or none; an {@code ssl:} or {@code pssl:} target needs them. */
    private Optional<ManagerConfig.Tls> tls() {
        List<Optional<Path>> files = List.of(tlsPrivateKey, tlsCertificate, tlsCaCert);
        if (files.stream().allMatch(Optional::isEmpty)) {
            Stream<OvsdbTarget> dialled = Stream.concat(ovsdbConnect.stream(), hardwareVtepConnect.stream())
                    .map(ConnectTarget::target);
            List<String> secure = Stream.concat(Stream.of(ovsdbListen), dialled).filter(OvsdbTarget::usesTls)
                    .map(Object::toString).toList();
            if (!secure.isEmpty()) {
                throw new ParameterException(spec.commandLine(), String.join(", ", secure) + " needs the manager's "
                        + "TLS identity: --tls-private-key, --tls-certificate and --tls-ca-cert");
            }
            return Optional.empty();
        }
        if (files.stream().anyMatch(Optional::isEmpty)) {
            throw new ParameterException(spec.commandLine(),
                    "--tls-private-key, --tls-certificate and --tls-ca-cert go together: give all three or none");
        }
        return Optional.of(new ManagerConfig.Tls(tlsPrivateKey.get(), tlsCertificate.get(), tlsCaCert.get()));
    }

    private MacTableConfig macTables() {
        MacTableConfig defaults = MacTableConfig.DEFAULTS;
        return new MacTableConfig(Duration.ofSeconds(macAgingSeconds), defaults.maxMoves(), defaults.moveWindow(),
                defaults.holdTime(), macLimitPerPort, defaults.maxPerVni(), Duration.ofSeconds(arpReachableSeconds));
    }

    @Override
    public Integer call() throws Exception {
        restore.ifPresent(document -> Manager.restore(dataDir, document));
        Manager manager = Manager.start(config());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            manager.stop();
            stopped.countDown();
        }, "vtep-manager-shutdown"));
        stopped.await();
        return 0;
    }
}
