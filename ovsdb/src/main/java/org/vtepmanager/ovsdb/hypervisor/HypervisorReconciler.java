package org.vtepmanager.ovsdb.hypervisor;

import com.vmware.ovsdb.protocol.operation.Comment;
import com.vmware.ovsdb.protocol.operation.Operation;
import com.vmware.ovsdb.protocol.operation.notation.Atom;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.vtepmanager.ovsdb.notation.Ops;
import org.vtepmanager.ovsdb.notation.Rows;

/**
 * Computes the one transaction that brings a hypervisor's database to its {@link HypervisorSpec}, from the
 * monitor cache alone: an empty list when nothing differs, so running it again changes nothing. It only ever
 * changes rows stamped {@code external_ids:vtep-manager} and the integration bridge's three columns it is
 * responsible for (fail_mode, protocols, datapath_type); other bridges, ports and controllers are left alone.
 */
final class HypervisorReconciler {

    static final Set<String> PROTOCOLS = Set.of("OpenFlow13");
    static final String FAIL_MODE = "secure";
    /** external_ids key naming the remote VTEP a tunnel port leads to. */
    static final String REMOTE_VTEP = "vtep-manager-remote-vtep";

    private final HypervisorView view;
    private final HypervisorSpec spec;
    private final List<Operation> ops = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    /** What the plan changes of what the spec holds, in words: a repair when the spec did not change. */
    private final List<String> changes = new ArrayList<>();
    private final String dstPort;
    private int names;
    /** A tunnel interface is retried in this plan: ovs-vswitchd must be asked to reconfigure. */
    private boolean retrying;

    private HypervisorReconciler(HypervisorView view, HypervisorSpec spec) {
        this.view = view;
        this.spec = spec;
        this.dstPort = Integer.toString(spec.vxlanPort());
    }

    static Plan plan(HypervisorView view, HypervisorSpec spec) {
        HypervisorReconciler reconciler = new HypervisorReconciler(view, spec);
        reconciler.run();
        return reconciler.result();
    }

    /**
     * The operations to send (empty when in sync), what could not be made true, each naming the row, and what the
     * operations change of what the spec holds (not the bookkeeping of a retried interface).
     */
    record Plan(List<Operation> operations, List<String> problems, List<String> changes) {

        /** Whether the switch holds the spec: nothing to write, and nothing found that could not be made true. */
        boolean inSync() {
            return operations.isEmpty() && problems.isEmpty();
        }
    }

    private void run() {
        Optional<UUID> root = view.openVswitchRow();
        if (root.isEmpty()) {
            problems.add("table Open_vSwitch has no row: the database was never initialised (ovs-vsctl init)");
            return;
        }
        Optional<UUID> bridge = view.bridgeNamed(spec.bridge());
        if (bridge.isEmpty()) {
            createBridge(root.get());
        } else {
            keepBridge(bridge.get(), view.row(Vswitch.BRIDGE, bridge.get()));
        }
    }

    private Plan result() {
        if (retrying) {
            // What ovs-vsctl does on each write: ovs-vswitchd then tries again to create the interfaces it could
            // not; a change of the interface's row alone did not make it (OVS 3.1, userspace datapath).
            ops.add(Ops.increment(Vswitch.OPEN_VSWITCH, view.openVswitchRow().orElseThrow(), "next_cfg"));
        }
        if (!ops.isEmpty()) {
            ops.add(new Comment("vtep-manager: reconcile " + spec.bridge() + " and its tunnel mesh"));
        }
        return new Plan(List.copyOf(ops), List.copyOf(problems), List.copyOf(changes));
    }

    private void createBridge(UUID root) {
        changes.add("Bridge " + spec.bridge() + " created");
        String internal = newName();
        ops.add(Ops.insert(Vswitch.INTERFACE, internal,
                Ops.row().string("name", spec.bridge()).string("type", "internal")));
        String internalPort = newName();
        ops.add(Ops.insert(Vswitch.PORT, internalPort,
                Ops.row().string("name", spec.bridge()).set("interfaces", List.of(Ops.named(internal)))));
        List<Atom<?>> ports = new ArrayList<>(List.of(Ops.named(internalPort)));
        spec.tunnels().forEach((vtep, ip) -> ip.ifPresent(
                remote -> ports.add(Ops.named(insertTunnelPort(vtep, remote)))));
        Ops.RowBuilder bridge = Ops.row().string("name", spec.bridge()).string("datapath_type", spec.datapathType())
                .string("fail_mode", FAIL_MODE).strings("protocols", PROTOCOLS).set("ports", ports)
                .map("external_ids", Map.of(Vswitch.OWNER, Vswitch.OWNER_BRIDGE));
        spec.controllerTarget().ifPresent(
                target -> bridge.set("controller", List.of(Ops.named(insertController(target)))));
        String bridgeName = newName();
        ops.add(Ops.insert(Vswitch.BRIDGE, bridgeName, bridge));
        ops.add(Ops.insertInto(Vswitch.OPEN_VSWITCH, root, "bridges", List.of(Ops.named(bridgeName))));
    }

    private void keepBridge(UUID bridge, Row row) {
        Ops.RowBuilder columns = Ops.row();
        if (!FAIL_MODE.equals(Rows.string(row, "fail_mode"))) {
            columns.string("fail_mode", FAIL_MODE);
        }
        if (!PROTOCOLS.equals(Rows.strings(row, "protocols"))) {
            columns.strings("protocols", PROTOCOLS);
        }
        if (!spec.datapathType().equals(Rows.string(row, "datapath_type"))) {
            columns.string("datapath_type", spec.datapathType());
        }
        if (!columns.isEmpty()) {
            ops.add(Ops.update(Vswitch.BRIDGE, bridge, columns));
            changes.add("Bridge " + spec.bridge() + " fail_mode, protocols or datapath_type");
        }
        spec.controllerTarget().ifPresent(target -> keepController(bridge, row, target));
        keepTunnels(bridge);
    }

    /** Exactly one Controller row of ours on the bridge, with the right target; foreign controllers stay. */
    private void keepController(UUID bridge, Row bridgeRow, String target) {
        List<UUID> ours = Rows.uuids(bridgeRow, "controller").stream()
                .filter(uuid -> view.ownedAs(Vswitch.CONTROLLER, uuid, Vswitch.OWNER_CONTROLLER)).sorted().toList();
        if (ours.isEmpty()) {
            ops.add(Ops.insertInto(Vswitch.BRIDGE, bridge, "controller", List.of(Ops.named(insertController(target)))));
            changes.add("Controller " + target + " added");
            return;
        }
        if (!target.equals(Rows.string(view.row(Vswitch.CONTROLLER, ours.get(0)), "target"))) {
            ops.add(Ops.update(Vswitch.CONTROLLER, ours.get(0), Ops.row().string("target", target)));
            changes.add("Controller target " + target);
        }
        if (ours.size() > 1) {
            changes.add((ours.size() - 1) + " more Controller rows of ours removed");
            ops.add(Ops.deleteFrom(Vswitch.BRIDGE, bridge, "controller",
                    ours.subList(1, ours.size()).stream().<Atom<?>>map(Ops::uuid).toList()));
        }
    }

    /**
     * One port per remote VTEP with a known IP; a VTEP whose IP is unknown keeps the ports it has, unless one is
     * the port of an IP another VTEP now holds (a host reinstalled under a new name: the port is re-stamped for the
     * new one); ports of VTEPs that left (or of an old IP of a VTEP that was renumbered) are removed.
     */
    private void keepTunnels(UUID bridge) {
        Map<String, HypervisorView.TunnelPort> oursByName = new HashMap<>();
        // By VTEP, for the VTEPs whose IP is unknown: with many of them (a restart, before the hypervisors report)
        // a walk of every port for each would make a plan quadratic in the mesh.
        Map<String, List<String>> namesByVtep = new HashMap<>();
        for (HypervisorView.TunnelPort port : view.tunnelPorts(bridge)) {
            oursByName.put(port.name(), port);
            namesByVtep.computeIfAbsent(port.remoteVtep(), vtep -> new ArrayList<>()).add(port.name());
        }
        Set<String> known = spec.tunnels().values().stream().flatMap(Optional::stream).map(spec::portName)
                .collect(Collectors.toSet());
        List<Atom<?>> added = new ArrayList<>();
        for (Map.Entry<String, Optional<String>> tunnel : spec.tunnels().entrySet()) {
            if (tunnel.getValue().isEmpty()) {
                namesByVtep.getOrDefault(tunnel.getKey(), List.of()).stream().filter(name -> !known.contains(name))
                        .forEach(oursByName::remove);
                continue;
            }
            String remote = tunnel.getValue().get();
            String name = spec.portName(remote);
            HypervisorView.TunnelPort port = oursByName.remove(name);
            if (port != null) {
                repairTunnelPort(port, tunnel.getKey(), remote);
            } else if (view.portNamed(name).isPresent()) {
                problems.add("port " + name + " (tunnel to " + remote + ") exists but was not made by vtep-manager; "
                        + "left alone, so that tunnel is missing");
            } else {
                added.add(Ops.named(insertTunnelPort(tunnel.getKey(), remote)));
                changes.add("tunnel port " + name + " to " + remote + " added");
            }
        }
        if (!added.isEmpty()) {
            ops.add(Ops.insertInto(Vswitch.BRIDGE, bridge, "ports", added));
        }
        if (!oursByName.isEmpty()) {
            changes.add("tunnel ports " + oursByName.keySet().stream().sorted().toList() + " removed");
            ops.add(Ops.deleteFrom(Vswitch.BRIDGE, bridge, "ports",
                    oursByName.values().stream().map(HypervisorView.TunnelPort::uuid).sorted()
                            .<Atom<?>>map(Ops::uuid).toList()));
        }
    }

    /**
     * Re-stamps a port that changed hands (VTEP re-registered under another id), keeping the keys an operator
     * added, and repairs its interface.
     */
    private void repairTunnelPort(HypervisorView.TunnelPort port, String vtep, String remote) {
        if (!vtep.equals(port.remoteVtep())) {
            ops.add(Ops.putStrings(Vswitch.PORT, port.uuid(), "external_ids", stamp(vtep, remote)));
            changes.add("Port " + port.name() + " stamped for " + vtep);
        }
        port.interfaces().forEach(iface -> repairTunnelInterface(iface, vtep, remote));
    }

    /**
     * Restores a tunnel interface that someone edited by hand: its type and the options the mesh needs. Other
     * options an operator added (tos, csum, ...) are kept: they tune the tunnel, they do not break it.
     */
    private void repairTunnelInterface(HypervisorView.TunnelInterface iface, String vtep, String remote) {
        Map<String, String> held = iface.options();
        // Option by option, without building the map: a join at 200 hypervisors checks 40,000 ports.
        boolean right = "vxlan".equals(iface.type()) && remote.equals(held.get("remote_ip"))
                && "flow".equals(held.get("key")) && dstPort.equals(held.get("dst_port"))
                && Objects.equals(spec.localIp().orElse(null), held.get("local_ip"));
        if (!right) {
            changes.add("Interface " + iface.name() + " type or options");
            ops.add(Ops.update(Vswitch.INTERFACE, iface.uuid(), Ops.row().string("type", "vxlan")));
            ops.add(Ops.putStrings(Vswitch.INTERFACE, iface.uuid(), "options", tunnelOptions(remote)));
            return;
        }
        keepCreated(iface, vtep, remote);
    }

    /**
     * ovs-vswitchd writes an interface's {@code error} when it cannot create it, and does not try again when the
     * cause goes (a conflicting tunnel of someone else's deleted, say). So each error whose cause is not in sight
     * is retried once: the error is stamped on the interface, a record that it was retried, and ovs-vswitchd is asked
     * to reconfigure. The same error after that is a problem left to the operator; the stamp goes once the interface
     * is up, so that a later error is retried again.
     */
    private void keepCreated(HypervisorView.TunnelInterface iface, String vtep, String remote) {
        if (iface.error().isEmpty()) {
            if (!iface.retriedFor().isEmpty()) {
                ops.add(Ops.removeString(Vswitch.INTERFACE, iface.uuid(), "external_ids", Vswitch.RETRIED));
            }
            return;
        }
        Optional<String> foreign = view.foreignTunnelTo(remote, spec.localIp());
        problems.add("Interface " + iface.name() + " (tunnel to " + vtep + " at " + remote + "): ovs-vswitchd could "
                + "not create it: " + iface.error() + foreign.map(name -> "; port " + name + ", not made by "
                + "vtep-manager, tunnels to " + remote + " already: once it is removed, this tunnel is created")
                .orElse(""));
        if (foreign.isEmpty() && !iface.error().equals(iface.retriedFor())) {
            ops.add(Ops.putStrings(Vswitch.INTERFACE, iface.uuid(), "external_ids",
                    Map.of(Vswitch.RETRIED, iface.error())));
            retrying = true;
        }
    }

    private static Map<String, String> stamp(String vtep, String remote) {
        return Map.of(Vswitch.OWNER, Vswitch.OWNER_TUNNEL, REMOTE_VTEP, vtep, "vtep-manager-remote-ip", remote);
    }

    private String insertTunnelPort(String vtep, String remote) {
        String name = spec.portName(remote);
        Map<String, String> stamp = stamp(vtep, remote);
        String iface = newName();
        ops.add(Ops.insert(Vswitch.INTERFACE, iface, Ops.row().string("name", name).string("type", "vxlan")
                .map("options", tunnelOptions(remote)).map("external_ids", stamp)));
        String port = newName();
        ops.add(Ops.insert(Vswitch.PORT, port, Ops.row().string("name", name)
                .set("interfaces", List.of(Ops.named(iface))).map("external_ids", stamp)));
        return port;
    }

    private String insertController(String target) {
        String name = newName();
        ops.add(Ops.insert(Vswitch.CONTROLLER, name, Ops.row().string("target", target)
                .map("external_ids", Map.of(Vswitch.OWNER, Vswitch.OWNER_CONTROLLER))));
        return name;
    }

    /**
     * key=flow: the VNI is set per packet by the OpenFlow pipeline (set_field:tunnel_id). local_ip: packets leave
     * from the address the peers' ports name (see {@link HypervisorSpec#localIp}). What
     * {@link #repairTunnelInterface} checks.
     */
    private Map<String, String> tunnelOptions(String remote) {
        Map<String, String> options = new HashMap<>(Map.of("remote_ip", remote, "key", "flow", "dst_port", dstPort));
        spec.localIp().ifPresent(local -> options.put("local_ip", local));
        return options;
    }

    private String newName() {
        return "row" + names++;
    }
}
