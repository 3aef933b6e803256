package org.vtepmanager.lab;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A VM on a hypervisor or a bare-metal server behind a ToR: a namespace whose {@code eth0} is one end of a veth;
 * the other end is (directly, or through a VLAN access bridge) a port of the switch. {@link #switchPort()} names
 * the port on the switch's integration/physical bridge that carries its frames.
 */
public final class Endpoint {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int IPV4_AND_ICMP_HEADERS = 28;

    private final String name;
    private final String namespace;
    private final OvsHost host;
    private final EndpointSpec spec;
    private final String switchPort;

    Endpoint(String name, String namespace, OvsHost host, EndpointSpec spec, String switchPort) {
        this.name = name;
        this.namespace = namespace;
        this.host = host;
        this.spec = spec;
        this.switchPort = switchPort;
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public OvsHost host() {
        return host;
    }

    public String mac() {
        return spec.mac();
    }

    public String ip() {
        return spec.ip();
    }

    public String ipCidr() {
        return spec.ipCidr();
    }

    public int vlan() {
        return spec.vlan();
    }

    public String switchPort() {
        return switchPort;
    }

    public ExecResult exec(String... command) {
        return Shell.inNamespace(namespace, List.of(command), Map.of(), TIMEOUT);
    }

    /** Empties the ARP cache: the next packet to any neighbour broadcasts an ARP request first. */
    public void forgetNeighbours() {
        exec("ip", "neigh", "flush", "all").orThrow();
    }

    /** ICMP echo, {@code count} probes 200 ms apart, each waiting at most 1 s. */
    public PingResult ping(String ip, int count) {
        return PingResult.parse(exec("ping", "-n", "-c", Integer.toString(count), "-i", "0.2", "-W", "1", ip)
                .stdout());
    }

    /**
     * ICMP echo in IP packets of {@code packetSize} bytes that may not be fragmented: {@code count} probes 200 ms
     * apart, each waiting at most 1 s. A full-size packet (the MTU) proves the overlay carries what TCP sends.
     */
    public PingResult pingWhole(String ip, int count, int packetSize) {
        int payload = packetSize - IPV4_AND_ICMP_HEADERS;
        return PingResult.parse(exec("ping", "-n", "-c", Integer.toString(count), "-i", "0.2", "-W", "1", "-M", "do",
                "-s", Integer.toString(payload), ip).stdout());
    }

    /**
     * Sets the MTU of both ends of the endpoint's veth, as a VM whose interface and host tap both take a new MTU
     * (libvirt sets the tap's from the guest's).
     */
    public void setMtu(int mtu) {
        String bytes = Integer.toString(mtu);
        Shell.run("ip", "-n", host.namespace(), "link", "set", Lab.tapName(name), "mtu", bytes).orThrow();
        Shell.run("ip", "-n", namespace, "link", "set", "eth0", "mtu", bytes).orThrow();
    }

    /** ARP requests for {@code ip} out of eth0; proves layer-2 reachability without IP routing. */
    public PingResult arping(String ip, int count) {
        ExecResult result = exec("arping", "-c", Integer.toString(count), "-W", "0.2",
                "-w", Integer.toString(count + 1), "-i", "eth0", ip);
        return PingResult.parse(result.stdout());
    }

    @Override
    public String toString() {
        return name + " " + spec.mac() + " " + spec.ipCidr() + (spec.vlan() == 0 ? "" : " vlan " + spec.vlan())
                + " on " + host.name();
    }
}
