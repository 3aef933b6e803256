package org.vtepmanager.app;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.vtepmanager.core.mac.MacTableConfig;
import org.vtepmanager.ofcontroller.OpenFlowConfig;
import org.vtepmanager.ofcontroller.southbound.OpenFlowSouthbound;
import org.vtepmanager.ovsdb.ConnectTarget;
import org.vtepmanager.ovsdb.OvsdbTarget;
import org.vtepmanager.web.WebServer;

/**
 * Everything the manager is told at start; validated by {@link Main} before anything starts.
 *
 * @param underlayMtu the IP MTU of the links between VTEPs: a network that sets no MTU gets this less VXLAN's 50
 *     bytes (70 over IPv6), and an endpoint above what its network carries is a problem of its VTEP
 * @param packetInLimit packet-ins per second and switch the OpenFlow side handles at most (flood protection)
 * @param openflowIoThreads threads that read and write the switches' OpenFlow connections
 * @param openflowReadBacklog messages of one switch waiting for the OpenFlow thread at which its connection stops
 *     reading until half of them are handled
 * @param flowComparePeriod how often each switch is read whole and compared with the flows and groups we installed
 *     (a switch with many flows less often); zero never, at most a day
 * @param tls the manager's TLS identity: with it, OVSDB {@code ssl:} and {@code pssl:} sessions can be had and the
 *     OpenFlow listener takes TLS only; without it, both speak plain TCP
 * @param apiTokenFile a file of the named tokens the REST API's changes need ({@code NAME TOKEN} lines); without
 *     it anyone who reaches the HTTP port may change intent
 * @param https the key and certificate with which the HTTP port speaks HTTPS only; without them, plain HTTP
 */
public record ManagerConfig(
        InetSocketAddress openflowListen,
        OvsdbTarget.PassiveTcp ovsdbListen,
        List<ConnectTarget> ovsdbConnect,
        String httpHost,
        int httpPort,
        Path dataDir,
        Hypervisors hypervisors,
        HardwareVteps hardwareVteps,
        MacTableConfig macTables,
        int underlayMtu,
        int packetInLimit,
        int openflowIoThreads,
        int openflowReadBacklog,
        Duration flowComparePeriod,
        Optional<Tls> tls,
        Optional<Path> apiTokenFile,
        Optional<WebServer.HttpsIdentity> https) {

    /** An Ethernet underlay's. */
    public static final int DEFAULT_UNDERLAY_MTU = 1500;

    public ManagerConfig {
        ovsdbConnect = List.copyOf(ovsdbConnect);
    }

    /**
     * A manager that dials no hardware VTEP itself (ToRs may still dial in or be registered over the API), runs
     * over an Ethernet underlay, and takes the OpenFlow side's defaults (packet-ins per second and switch, IO
     * threads, read backlog, flow comparisons).
     */
    public ManagerConfig(InetSocketAddress openflowListen, OvsdbTarget.PassiveTcp ovsdbListen,
            List<ConnectTarget> ovsdbConnect, String httpHost, int httpPort, Path dataDir, Hypervisors hypervisors,
            MacTableConfig macTables) {
        this(openflowListen, ovsdbListen, ovsdbConnect, httpHost, httpPort, dataDir, hypervisors, HardwareVteps.NONE,
                macTables, DEFAULT_UNDERLAY_MTU, OpenFlowConfig.DEFAULT_PACKET_IN_LIMIT,
                OpenFlowConfig.defaultIoThreads(), OpenFlowConfig.DEFAULT_READ_BACKLOG,
                OpenFlowSouthbound.DEFAULT_COMPARE_PERIOD, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** This configuration with the manager's TLS identity. */
    public ManagerConfig withTls(Tls identity) {
        return new ManagerConfig(openflowListen, ovsdbListen, ovsdbConnect, httpHost, httpPort, dataDir, hypervisors,
                hardwareVteps, macTables, underlayMtu, packetInLimit, openflowIoThreads, openflowReadBacklog,
                flowComparePeriod, Optional.of(identity), apiTokenFile, https);
    }

    /** This configuration with the REST API's changes guarded by the token in {@code file}. */
    public ManagerConfig withApiTokenFile(Path file) {
        return new ManagerConfig(openflowListen, ovsdbListen, ovsdbConnect, httpHost, httpPort, dataDir, hypervisors,
                hardwareVteps, macTables, underlayMtu, packetInLimit, openflowIoThreads, openflowReadBacklog,
                flowComparePeriod, tls, Optional.of(file), https);
    }

    /** This configuration with the HTTP port in HTTPS only, presenting {@code identity}. */
    public ManagerConfig withHttps(WebServer.HttpsIdentity identity) {
        return new ManagerConfig(openflowListen, ovsdbListen, ovsdbConnect, httpHost, httpPort, dataDir, hypervisors,
                hardwareVteps, macTables, underlayMtu, packetInLimit, openflowIoThreads, openflowReadBacklog,
                flowComparePeriod, tls, apiTokenFile, Optional.of(identity));
    }

    /** This configuration with its intent store in {@code directory}. */
    public ManagerConfig withDataDir(Path directory) {
        return new ManagerConfig(openflowListen, ovsdbListen, ovsdbConnect, httpHost, httpPort, directory, hypervisors,
                hardwareVteps, macTables, underlayMtu, packetInLimit, openflowIoThreads, openflowReadBacklog,
                flowComparePeriod, tls, apiTokenFile, https);
    }

    /**
     * The manager's TLS identity, as PEM files: its private key and certificate, and the CA certificate that signs
     * the switches' certificates (the files {@code ovs-vsctl set-ssl} takes on a switch).
     */
    public record Tls(Path privateKey, Path certificate, Path caCertificate) {
    }

    /**
     * How hypervisors are set up.
     *
     * @param openflowAdvertise the address switches are told to dial for OpenFlow; empty: the OpenFlow listen
     *     address when it is a specific one, else the address each OVSDB session reached the manager on
     */
    public record Hypervisors(String integrationBridge, String datapathType, Optional<String> openflowAdvertise) {
        public static final Hypervisors DEFAULTS = new Hypervisors("br-int", "system", Optional.empty());
    }

    /**
     * How hardware VTEPs (ToRs) are managed.
     *
     * @param connect their hardware_vtep OVSDB servers the manager dials, each with the VTEP id to register it under
 *     if given
     * @param serviceNodes tunnel IPs of service nodes for networks that set no replication; empty: those networks'
     *     ToRs replicate floods themselves (source node)
     */
    public record HardwareVteps(List<ConnectTarget> connect, List<String> serviceNodes) {
        public static final HardwareVteps NONE = new HardwareVteps(List.of(), List.of());

        public HardwareVteps {
            connect = List.copyOf(connect);
            serviceNodes = List.copyOf(serviceNodes);
        }
    }

    /** The address switches must dial for OpenFlow, when one can be named for every session. */
    Optional<String> openflowAddressForSwitches() {
        return hypervisors.openflowAdvertise().or(() -> openflowListen.getAddress().isAnyLocalAddress()
                ? Optional.empty() : Optional.of(openflowListen.getAddress().getHostAddress()));
    }
}
