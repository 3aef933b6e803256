package org.vtepmanager.ovsdb.hypervisor;

import com.vmware.ovsdb.protocol.operation.Operation;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.vtepmanager.ovsdb.notation.Rows;
import org.vtepmanager.ovsdb.session.DatabaseMirror;
import org.vtepmanager.ovsdb.session.OvsdbSession;
import org.vtepmanager.ovsdb.session.ProblemLog;
import org.vtepmanager.ovsdb.session.RepairWatch;
import org.vtepmanager.ovsdb.session.OvsdbSessionException;
import org.vtepmanager.ovsdb.session.SerialTransactions;
import org.vtepmanager.ovsdb.session.TableCache;

/**
 * One connected hypervisor: checks that it serves the Open_vSwitch schema, mirrors the tables the manager uses,
 * reports what it sees and keeps it at its spec. At most one transaction is in flight; changes that arrive
 * meanwhile are folded into the next pass, which is planned from the cache as it is then (never a replay).
 * Confined to the events executor.
 */
final class HypervisorSession {

    private static final String HARDWARE_VTEP = "hardware_vtep";

    private final OvsdbSession session;
    private final boolean dialledIn;
    private final Function<HypervisorSession, Optional<HypervisorSpec>> specs;
    private final HypervisorReports reports;
    private final TableCache cache = new TableCache();
    private final HypervisorView view = new HypervisorView(cache);
    private final SerialTransactions transactions;
    private final ProblemLog problems;
    private final ControllerLink controllerLink;
    private final RepairWatch<HypervisorSpec> repairs;

    HypervisorSession(OvsdbSession session, boolean dialledIn, ScheduledExecutorService events, Duration openflowGrace,
            Function<HypervisorSession, Optional<HypervisorSpec>> specs, HypervisorReports reports) {
        this.session = session;
        this.controllerLink = new ControllerLink(openflowGrace, events, session, this::recheckControllerLink);
        this.problems = new ProblemLog(session.peer());
        this.repairs = new RepairWatch<>(session.peer(), reports);
        this.dialledIn = dialledIn;
        this.specs = specs;
        this.reports = reports;
        this.transactions = new SerialTransactions(session, Vswitch.DATABASE, "Bridge/Port/Interface/Controller",
                events, this::plan);
    }

    OvsdbSession session() {
        return session;
    }

    /** See {@link SerialTransactions#stop}. */
    CompletableFuture<Void> stopWriting() {
        return transactions.stop();
    }

    Optional<String> tunnelIp() {
        return view.localIp();
    }

    /** Completes when the database is checked and mirrored; fails, naming the switch, when it is not usable. */
    CompletableFuture<Void> start() {
        return session.listDatabases()
                .thenCompose(databases -> {
                    DatabaseMirror.requireServed(session, databases, Vswitch.DATABASE);
                    if (Arrays.asList(databases).contains(HARDWARE_VTEP)) {
                        // ovs-vtep's switch serves both; turning a ToR's own OVS into a hypervisor would be wrong.
                        throw new OvsdbSessionException(session.peer(), "serves " + HARDWARE_VTEP
                                + ": a hardware VTEP is not managed as a hypervisor (register it as hardware-vtep)");
                    }
                    return DatabaseMirror.start(session, Vswitch.DATABASE, Vswitch.COLUMNS, cache, this::changed);
                })
                .thenApply(schema -> null);
    }

    /** The spec may have changed (mesh membership, settings): reconcile against the cache. */
    void changed() {
        transactions.request();
        reports.observed(observation());
    }

    /** A recheck due after the session closed must not report a closed session as observed. */
    private void recheckControllerLink() {
        if (session.isOpen()) {
            changed();
        }
    }

    HypervisorObservation observation() {
        return new HypervisorObservation(session.peer(), dialledIn, view.systemId(), view.openVswitchRow(),
                view.localIp(), datapathId(), ports(), problems.current(), session.peerCertificateExpiry(),
                specs.apply(this).filter(spec -> ControllerLink.reportedDown(view, spec)).isPresent(),
                TunnelBfd.states(tunnelPorts(bridgeName())));
    }

    private List<Operation> plan() {
        String manager = reports.managerOf(session.peer(), view.openVswitchRow());
        if (!manager.equals(session.peer())) {
            problems.report(List.of("Open_vSwitch " + view.systemId().orElse("database")
                    + " is already managed through "
                    + manager + "; this session writes nothing"));
            return List.of();
        }
        Optional<HypervisorSpec> spec = specs.apply(this);
        if (spec.isEmpty()) {
            return List.of();
        }
        view.forgetDeletedRows();
        HypervisorReconciler.Plan plan = HypervisorReconciler.plan(view, spec.get());
        List<String> found = new ArrayList<>(plan.problems());
        found.addAll(attachmentErrors(spec.get().bridge()));
        controllerLink.problem(view, spec.get()).ifPresent(found::add);
        found.addAll(TunnelBfd.problems(tunnelPorts(spec.get().bridge())));
        problems.report(found);
        repairs.judge(spec.get(), plan.inSync(), plan.changes());
        return plan.operations();
    }

    /** Whether {@code bridge} holds a tunnel port of ours stamped for {@code vtep}. */
    boolean holdsTunnelFor(String bridge, String vtep) {
        return view.bridgeNamed(bridge).stream().flatMap(uuid -> view.tunnelPorts(uuid).stream())
                .anyMatch(port -> vtep.equals(port.remoteVtep()));
    }

    private List<HypervisorView.TunnelPort> tunnelPorts(String bridgeName) {
        return view.bridgeNamed(bridgeName).map(view::tunnelPorts).orElse(List.of());
    }

    private Optional<String> datapathId() {
        return integrationBridge().map(row -> Rows.string(row, "datapath_id")).filter(id -> !id.isEmpty());
    }

    private Optional<Row> integrationBridge() {
        return view.bridgeNamed(bridgeName()).map(uuid -> view.row(Vswitch.BRIDGE, uuid));
    }

    private String bridgeName() {
        return specs.apply(this).map(HypervisorSpec::bridge).orElse("br-int");
    }

    /**
     * The attachments ovs-vswitchd could not add, with its reason: "could not open network device tap1 (No such
     * device)" for a port added before its device, which clears once the device is there. Meanwhile a binding on it
     * cannot take effect.
     */
    private List<String> attachmentErrors(String bridgeName) {
        List<String> errors = new ArrayList<>();
        for (Row iface : attachments(bridgeName)) {
            String error = Rows.string(iface, "error");
            if (!error.isEmpty()) {
                errors.add("Interface " + Rows.string(iface, "name") + " on " + bridgeName
                        + ": ovs-vswitchd could not add it: " + error);
            }
        }
        errors.sort(String::compareTo);
        return errors;
    }

    /**
     * The attachments of the integration bridge, with their OpenFlow numbers (-1 until vswitchd assigns one) and
     * MTUs.
     */
    private List<HypervisorObservation.VmPort> ports() {
        List<HypervisorObservation.VmPort> ports = new ArrayList<>();
        for (Row iface : attachments(bridgeName())) {
            Map<String, String> ids = Rows.map(iface, "external_ids");
            ports.add(new HypervisorObservation.VmPort(Rows.string(iface, "name"),
                    Rows.integer(iface, "ofport").orElse(-1L), Optional.ofNullable(ids.get("attached-mac")),
                    Optional.ofNullable(ids.get("iface-id")),
                    Rows.integer(iface, "mtu").map(mtu -> OptionalInt.of(mtu.intValue())).orElse(OptionalInt.empty())));
        }
        ports.sort((a, b) -> a.name().compareTo(b.name()));
        return ports;
    }

    /**
     * The Interface rows of the bridge's ports but our tunnels and the bridge's own. Internal ports other than the
     * bridge's are attachments like any (a lab's namespaces often hang off one), and a binding may name them.
     */
    private List<Row> attachments(String bridgeName) {
        Optional<UUID> bridge = view.bridgeNamed(bridgeName);
        if (bridge.isEmpty()) {
            return List.of();
        }
        List<Row> interfaces = new ArrayList<>();
        for (UUID port : view.otherPorts(bridge.get())) {
            for (UUID iface : view.uuids(Vswitch.PORT, port, "interfaces")) {
                Row row = view.row(Vswitch.INTERFACE, iface);
                if (row != null && !bridgeName.equals(Rows.string(row, "name"))) {
                    interfaces.add(row);
                }
            }
        }
        return interfaces;
    }
}
