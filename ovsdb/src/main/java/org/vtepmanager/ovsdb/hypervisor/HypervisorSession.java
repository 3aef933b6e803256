package org.vtepmanager.ovsdb.hypervisor;

import com.vmware.ovsdb.protocol.methods.MonitorRequest;
import com.vmware.ovsdb.protocol.methods.MonitorRequests;
import com.vmware.ovsdb.protocol.operation.Operation;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import com.vmware.ovsdb.protocol.operation.result.ErrorResult;
import com.vmware.ovsdb.protocol.operation.result.OperationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.ovsdb.session.OvsdbSession;
import org.vtepmanager.ovsdb.session.OvsdbSessionException;
import org.vtepmanager.ovsdb.session.TableCache;

/**
 * One connected hypervisor: checks that it serves the Open_vSwitch schema, mirrors the tables the manager uses,
 * reports what it sees and keeps it at its spec. At most one transaction is in flight; changes that arrive
 * meanwhile are folded into the next pass, which is planned from the cache as it is then (never a replay).
 * Confined to the events executor.
 */
final class HypervisorSession {

    private static final Logger log = LoggerFactory.getLogger(HypervisorSession.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);
    private static final String HARDWARE_VTEP = "hardware_vtep";

    private final OvsdbSession session;
    private final boolean dialledIn;
    private final ScheduledExecutorService events;
    private final Function<HypervisorSession, Optional<HypervisorSpec>> specs;
    private final HypervisorReports reports;
    private final TableCache cache = new TableCache();
    private final HypervisorView view = new HypervisorView(cache);
    private List<String> problems = List.of();
    private boolean inFlight;
    private boolean dirty;

    HypervisorSession(OvsdbSession session, boolean dialledIn, ScheduledExecutorService events,
            Function<HypervisorSession, Optional<HypervisorSpec>> specs, HypervisorReports reports) {
        this.session = session;
        this.dialledIn = dialledIn;
        this.events = events;
        this.specs = specs;
        this.reports = reports;
    }

    OvsdbSession session() {
        return session;
    }

    Optional<String> tunnelIp() {
        return view.localIp();
    }

    /** Completes when the database is checked and mirrored; fails, naming the switch, when it is not usable. */
    CompletableFuture<Void> start() {
        return session.listDatabases()
                .thenCompose(databases -> {
                    if (!Arrays.asList(databases).contains(Vswitch.DATABASE)) {
                        throw new OvsdbSessionException(session.peer(), "database " + Vswitch.DATABASE
                                + " is not served (found " + Arrays.toString(databases) + ")");
                    }
                    if (Arrays.asList(databases).contains(HARDWARE_VTEP)) {
                        // ovs-vtep's switch serves both; turning a ToR's own OVS into a hypervisor would be wrong.
                        throw new OvsdbSessionException(session.peer(), "serves " + HARDWARE_VTEP
                                + ": a hardware VTEP is not managed as a hypervisor (register it as hardware-vtep)");
                    }
                    return session.tables(Vswitch.DATABASE);
                })
                .thenCompose(tables -> {
                    Set<String> missing = new HashSet<>(Vswitch.TABLES);
                    missing.removeAll(tables);
                    if (!missing.isEmpty()) {
                        throw new OvsdbSessionException(session.peer(), "schema " + Vswitch.DATABASE
                                + " lacks tables " + missing.stream().sorted().toList());
                    }
                    Map<String, MonitorRequest> monitored = Vswitch.TABLES.stream()
                            .collect(Collectors.toMap(t -> t, t -> new MonitorRequest(Vswitch.COLUMNS.get(t))));
                    return session.monitor(Vswitch.DATABASE, "vtep-manager", new MonitorRequests(monitored), updates -> {
                        cache.apply(updates);
                        changed();
                    });
                })
                .thenAccept(initial -> {
                    cache.apply(initial);
                    changed();
                });
    }

    /** The spec may have changed (mesh membership, settings): reconcile against the cache. */
    void changed() {
        reconcile();
        reports.observed(observation());
    }

    HypervisorObservation observation() {
        return new HypervisorObservation(session.peer(), dialledIn, view.systemId(), view.localIp(), datapathId(),
                ports(), problems);
    }

    private void reconcile() {
        if (inFlight) {
            dirty = true;
            return;
        }
        Optional<HypervisorSpec> spec = specs.apply(this);
        if (spec.isEmpty() || !session.isOpen()) {
            return;
        }
        HypervisorReconciler.Plan plan = HypervisorReconciler.plan(view, spec.get());
        reportProblems(plan.problems());
        if (plan.operations().isEmpty()) {
            return;
        }
        inFlight = true;
        session.transact(Vswitch.DATABASE, plan.operations())
                .whenCompleteAsync((results, error) -> finished(plan.operations(), results, error), events);
    }

    private void finished(List<Operation> sent, OperationResult[] results, Throwable error) {
        inFlight = false;
        String failure = error != null ? String.valueOf(error.getMessage()) : firstError(results);
        if (failure == null) {
            log.atDebug().addKeyValue("switch", session.peer()).addKeyValue("operations", sent.size())
                    .log("hypervisor reconciled");
            if (dirty) {
                dirty = false;
                reconcile();
            }
            return;
        }
        log.atWarn().addKeyValue("switch", session.peer()).addKeyValue("table", "Bridge/Port/Interface/Controller")
                .addKeyValue("reason", failure).log("reconcile transaction failed; retrying from fresh state");
        dirty = false;
        events.schedule(this::reconcile, RETRY_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String firstError(OperationResult[] results) {
        for (OperationResult result : results) {
            if (result instanceof ErrorResult error) {
                return error.getError() + ": " + error.getDetails();
            }
        }
        return null;
    }

    private void reportProblems(List<String> current) {
        if (!current.equals(problems)) {
            current.forEach(problem -> log.atWarn().addKeyValue("switch", session.peer()).log(problem));
            problems = current;
        }
    }

    private Optional<String> datapathId() {
        return integrationBridge().map(row -> Rows.string(row, "datapath_id")).filter(id -> !id.isEmpty());
    }

    private Optional<Row> integrationBridge() {
        String name = specs.apply(this).map(HypervisorSpec::bridge).orElse("br-int");
        return view.bridgeNamed(name).map(uuid -> view.row(Vswitch.BRIDGE, uuid));
    }

    /** Non-tunnel ports of the integration bridge with their OpenFlow numbers (-1 until vswitchd assigns one). */
    private List<HypervisorObservation.VmPort> ports() {
        Optional<HypervisorSpec> spec = specs.apply(this);
        String bridgeName = spec.map(HypervisorSpec::bridge).orElse("br-int");
        Optional<UUID> bridge = view.bridgeNamed(bridgeName);
        if (bridge.isEmpty()) {
            return List.of();
        }
        List<HypervisorObservation.VmPort> ports = new ArrayList<>();
        for (UUID port : Rows.uuids(view.row(Vswitch.BRIDGE, bridge.get()), "ports")) {
            Row portRow = view.row(Vswitch.PORT, port);
            if (portRow == null || Rows.ownedAs(portRow, Vswitch.OWNER_TUNNEL)) {
                continue;
            }
            for (UUID iface : Rows.uuids(portRow, "interfaces")) {
                Row row = view.row(Vswitch.INTERFACE, iface);
                if (row != null && !"internal".equals(Rows.string(row, "type"))) {
                    Map<String, String> ids = Rows.map(row, "external_ids");
                    ports.add(new HypervisorObservation.VmPort(Rows.string(row, "name"),
                            Rows.integer(row, "ofport").orElse(-1L), Optional.ofNullable(ids.get("attached-mac")),
                            Optional.ofNullable(ids.get("iface-id"))));
                }
            }
        }
        ports.sort((a, b) -> a.name().compareTo(b.name()));
        return ports;
    }
}
