package org.vtepmanager.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Open vSwitch topology on this machine: hypervisors and ToRs (each a namespace with its own OVS), joined by
 * an underlay bridge, with VMs and bare-metal servers as namespaces on veth pairs. Everything it creates carries
 * its unique {@link #prefix()} and is removed by {@link #close()}, also when a test fails half-way, and by a JVM
 * shutdown hook when the process is stopped with a signal.
 *
 * <pre>{@code
 * try (Lab lab = Lab.create()) {
 *     Hypervisor hv1 = lab.addHypervisor("hv1");
 *     Endpoint vm1 = lab.addVm("vm1", hv1, EndpointSpec.untagged("02:00:00:00:00:01", "10.0.0.1/24"));
 *     ...
 * }
 * }</pre>
 */
public final class Lab implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Lab.class);

    private final String prefix;
    private final Underlay underlay;
    private final Thread shutdownHook;
    private final List<OvsHost> hosts = new ArrayList<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private int spareAddresses;
    private int ipv6Addresses;
    private boolean closed;

    private Lab(String prefix, Underlay underlay) {
        this.prefix = prefix;
        this.underlay = underlay;
        this.shutdownHook = new Thread(() -> LabJanitor.sweep(prefix), "lab-teardown-" + prefix);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Builds an empty lab (the underlay). Labs abandoned by a JVM that died are swept first.
     *
     * @throws LabException when this machine cannot run labs; the message says what is missing
     */
    public static Lab create() {
        LabPreconditions.missing().ifPresent(reason -> {
            throw new LabException("this machine cannot run an Open vSwitch lab: " + reason);
        });
        List<String> orphans = LabJanitor.sweepOrphans();
        if (!orphans.isEmpty()) {
            log.atInfo().addKeyValue("prefixes", orphans).log("swept labs whose owner died");
        }
        String prefix = LabNames.newPrefix();
        LabJanitor.claim(prefix);
        try {
            Lab lab = new Lab(prefix, Underlay.create(prefix));
            log.atInfo().addKeyValue("lab", prefix).addKeyValue("managerAddress", lab.managerAddress())
                    .log("lab created");
            return lab;
        } catch (RuntimeException e) {
            LabJanitor.sweep(prefix);
            throw e;
        }
    }

    public String prefix() {
        return prefix;
    }

    /**
     * The root namespace's address on the underlay: a manager in the root namespace (or in the test JVM) listens
     * here for OpenFlow and passive OVSDB, and the lab's switches reach it.
     */
    public String managerAddress() {
        return underlay.managerAddress();
    }

    public Hypervisor addHypervisor(String name) {
        LabNames.element(name);
        Hypervisor hv = new Hypervisor(name, namespace(name), createHostDir(name), nextHostAddress());
        createNamespace(hv.namespace());
        hosts.add(hv);
        hv.start(underlay, prefix + "-" + name, prefix + "-" + name);
        return hv;
    }

    public TorSwitch addTor(String name) {
        LabNames.element(name);
        TorSwitch tor = new TorSwitch(name, namespace(name), createHostDir(name), nextHostAddress());
        createNamespace(tor.namespace());
        hosts.add(tor);
        tor.start(underlay, prefix + "-" + name);
        return tor;
    }

    /**
     * Gives {@code host} a second address on its underlay interface, beside its tunnel IP, as a host being
     * renumbered has; it goes with the host's namespace.
     */
    public String addUnderlayAddress(OvsHost host) {
        String address = underlay.spareAddress(spareAddresses++);
        host.addUnderlayAddress(address);
        return address;
    }

    /**
     * Gives {@code host} an IPv6 address on its underlay interface, beside its IPv4 tunnel IP, for an underlay that
     * carries VXLAN over IPv6; it goes with the host's namespace.
     */
    public String addUnderlayIpv6Address(OvsHost host) {
        String address = underlay.ipv6Address(ipv6Addresses++);
        host.addUnderlayIpv6Address(address);
        return address;
    }

    /**
     * Plugs a VM into the hypervisor's br-int, with {@code external_ids:attached-mac} and {@code iface-id} set as
     * a cloud's VIF driver would. A tagged VM's frames reach br-int with its VLAN id: the kernel here has no
     * 802.1Q, so OVS tags them on a small access bridge patched into br-int.
     */
    public Endpoint addVm(String name, Hypervisor hv, EndpointSpec spec) {
        return plugVm(name, hv, createEndpointNamespace(name), spec);
    }

    /**
     * Live-migrates a VM: its veth is unplugged from its hypervisor (taking eth0 with it) and a new one from
     * {@code to} is plugged into the same namespace, with the same MAC and IP; the VM's ARP cache and sockets stay.
     */
    public Endpoint moveVm(Endpoint vm, Hypervisor to) {
        Shell.run("ip", "-n", vm.host().namespace(), "link", "del", tapName(vm.name())).orThrow();
        endpoints.remove(vm);
        EndpointSpec spec = new EndpointSpec(vm.mac(), vm.ipCidr(), vm.vlan(), EndpointSpec.OVERLAY_MTU);
        return plugVm(vm.name(), to, vm.namespace(), spec);
    }

    private Endpoint plugVm(String name, Hypervisor hv, String namespace, EndpointSpec spec) {
        String tap = hostSidePort(name, hv, namespace, spec);
        hv.ensureIntegrationBridge();
        String port = spec.vlan() == 0 ? tap : patchThroughAccessBridge(hv, Hypervisor.INTEGRATION_BRIDGE, name, tap,
                spec.vlan());
        if (spec.vlan() == 0) {
            hv.vsctl("add-port", Hypervisor.INTEGRATION_BRIDGE, tap);
        }
        hv.vsctl("set", "Interface", port, "external_ids:attached-mac=" + spec.mac(),
                "external_ids:iface-id=" + prefix + "-" + name, "external_ids:iface-status=active");
        return register(new Endpoint(name, namespace, hv, spec, port));
    }

    /** Plugs a bare-metal server into a port of the ToR's br0 and announces the port in the hardware_vtep DB. */
    public Endpoint addServer(String name, TorSwitch tor, EndpointSpec spec) {
        String namespace = createEndpointNamespace(name);
        String tap = hostSidePort(name, tor, namespace, spec);
        String port = spec.vlan() == 0 ? tap : patchThroughAccessBridge(tor, TorSwitch.PHYSICAL_SWITCH, name, tap,
                spec.vlan());
        if (spec.vlan() == 0) {
            tor.addPhysicalPort(tap);
        } else {
            tor.vtepctl("--may-exist", "add-port", TorSwitch.PHYSICAL_SWITCH, port);
        }
        return register(new Endpoint(name, namespace, tor, spec, port));
    }

    public List<OvsHost> hosts() {
        return Collections.unmodifiableList(hosts);
    }

    public List<Hypervisor> hypervisors() {
        return hosts.stream().filter(Hypervisor.class::isInstance).map(Hypervisor.class::cast).toList();
    }

    public List<TorSwitch> tors() {
        return hosts.stream().filter(TorSwitch.class::isInstance).map(TorSwitch.class::cast).toList();
    }

    public List<Endpoint> endpoints() {
        return Collections.unmodifiableList(endpoints);
    }

    /** Whatever of this lab still exists; empty after {@link #close()}. */
    public List<String> leftovers() {
        return LabJanitor.leftovers(prefix);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LabJanitor.sweep(prefix);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
        log.atInfo().addKeyValue("lab", prefix).log("lab removed");
    }

    private String namespace(String name) {
        return prefix + "-" + name;
    }

    private Path createHostDir(String name) {
        Path dir = LabJanitor.runDir(prefix).resolve(name);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LabException("cannot create host run directory " + dir, e);
        }
    }

    private String nextHostAddress() {
        return underlay.hostAddress(hosts.size());
    }

    private void createNamespace(String namespace) {
        if (LabJanitor.namespaces(prefix).contains(namespace)) {
            throw new IllegalArgumentException("lab " + prefix + " already has an element named like " + namespace);
        }
        Shell.run("ip", "netns", "add", namespace).orThrow();
        Shell.run("ip", "-n", namespace, "link", "set", "lo", "up").orThrow();
    }

    private String createEndpointNamespace(String name) {
        LabNames.element(name);
        String namespace = namespace(name);
        createNamespace(namespace);
        return namespace;
    }

    /** Creates the veth pair: {@code eth0} in the endpoint, {@code t-NAME} on the switch host. */
    private String hostSidePort(String name, OvsHost host, String namespace, EndpointSpec spec) {
        String tap = tapName(name);
        Shell.run("ip", "-n", host.namespace(), "link", "add", tap, "type", "veth",
                "peer", "name", "eth0", "netns", namespace).orThrow();
        String mtu = Integer.toString(spec.mtu());
        Shell.run("ip", "-n", host.namespace(), "link", "set", tap, "mtu", mtu, "up").orThrow();
        Shell.run("ip", "-n", namespace, "link", "set", "eth0", "address", spec.mac(), "mtu", mtu).orThrow();
        Shell.run("ip", "-n", namespace, "addr", "add", spec.ipCidr(), "dev", "eth0").orThrow();
        Shell.run("ip", "-n", namespace, "link", "set", "eth0", "up").orThrow();
        // TCP through the userspace datapath needs checksums filled in by the sender (see lab notes).
        Shell.inNamespace(namespace, List.of("ethtool", "-K", "eth0", "tx", "off"), Map.of(),
                Shell.DEFAULT_TIMEOUT).orThrow();
        return tap;
    }

    /** The host's end of endpoint {@code name}'s veth. */
    static String tapName(String name) {
        return LabNames.link("t-" + name);
    }

    /**
     * {@code tap} becomes an access port (tag {@code vlan}) of a small bridge {@code bv-NAME}, patched into
     * {@code bridge}; returns the patch port on {@code bridge}, which carries the endpoint's tagged frames.
     */
    private static String patchThroughAccessBridge(OvsHost host, String bridge, String name, String tap, int vlan) {
        String access = LabNames.link("bv-" + name);
        String inner = LabNames.link("pa-" + name);
        String outer = LabNames.link("pb-" + name);
        host.vsctl("add-br", access, "--", "set", "bridge", access, "datapath_type=netdev",
                "--", "add-port", access, tap, "tag=" + vlan,
                "--", "add-port", access, inner, "--", "set", "interface", inner, "type=patch", "options:peer=" + outer,
                "--", "add-port", bridge, outer, "--", "set", "interface", outer, "type=patch",
                "options:peer=" + inner);
        return outer;
    }

    private Endpoint register(Endpoint endpoint) {
        endpoints.add(endpoint);
        log.atDebug().addKeyValue("lab", prefix).addKeyValue("endpoint", endpoint).log("endpoint added");
        return endpoint;
    }
}
