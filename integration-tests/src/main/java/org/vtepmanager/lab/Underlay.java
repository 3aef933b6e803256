package org.vtepmanager.lab;

import java.security.SecureRandom;

/**
 * The lab's physical network: a Linux bridge in the root namespace that every host's uplink plugs into. Its own
 * address is where a manager running in the root namespace is reached by the switches (OpenFlow, passive OVSDB).
 * The /24 is picked at random from 172.30.0.0/16 among those not already routed on this machine.
 */
final class Underlay {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int FIRST_HOST = 10;
    private static final int LAST_SPARE = 250;

    private final String bridge;
    private final String network;

    private Underlay(String bridge, String network) {
        this.bridge = bridge;
        this.network = network;
    }

    static Underlay create(String prefix) {
        String bridge = LabNames.link(prefix + "-ul");
        String network = freeNetwork();
        Shell.run("ip", "link", "add", bridge, "type", "bridge").orThrow();
        withoutLinkLocal(bridge);
        Shell.run("ip", "addr", "add", network + "1/24", "dev", bridge).orThrow();
        Shell.run("ip", "link", "set", bridge, "up").orThrow();
        // The root namespace's TCP to OVS's userspace datapath needs real checksums (see lab notes).
        Shell.run("ethtool", "-K", bridge, "tx", "off").orThrow();
        return new Underlay(bridge, network);
    }

    String managerAddress() {
        return network + "1";
    }

    String hostAddress(int index) {
        return network + (FIRST_HOST + index);
    }

    /** The {@code index}th address handed out as a host's second one, from the top of the /24 down. */
    String spareAddress(int index) {
        return network + (LAST_SPARE - index);
    }

    /**
     * The {@code index}th IPv6 address of the underlay, in a unique local /64 named after its IPv4 /24 (unique on
     * this machine, see {@link #freeNetwork}).
     */
    String ipv6Address(int index) {
        String[] octets = network.split("\\.");
        return "fd00:" + octets[0] + ":" + octets[1] + ":" + octets[2] + "::" + (FIRST_HOST + index);
    }

    /** Plugs a host namespace in: {@code rootEnd} joins the bridge, {@code innerName} appears inside the host. */
    void plug(String rootEnd, String namespace, String innerName) {
        Shell.run("ip", "link", "add", LabNames.link(rootEnd), "type", "veth",
                "peer", "name", innerName, "netns", namespace).orThrow();
        withoutLinkLocal(rootEnd);
        Shell.run("ip", "link", "set", rootEnd, "master", bridge).orThrow();
        Shell.run("ip", "link", "set", rootEnd, "up").orThrow();
    }

    /**
     * No IPv6 link-local address on a link of the root namespace, where nothing of the lab uses one. The kernel
     * would add one when the link comes up and announce it again a second later, once duplicate address detection
     * cleared it: a browser in the root namespace (the dashboard tests') takes each such address change for a new
     * network and fails the requests it has in flight (net::ERR_NETWORK_CHANGED).
     */
    private static void withoutLinkLocal(String link) {
        Shell.run("ip", "link", "set", link, "addrgenmode", "none").orThrow();
    }

    private static String freeNetwork() {
        String inUse = Shell.run("ip", "-o", "addr").stdout() + Shell.run("ip", "route").stdout();
        for (int attempt = 0; attempt < 64; attempt++) {
            String candidate = "172.30." + RANDOM.nextInt(256) + ".";
            if (!inUse.contains(candidate)) {
                return candidate;
            }
        }
        throw new LabException("no free /24 left in 172.30.0.0/16 for a lab underlay");
    }
}
