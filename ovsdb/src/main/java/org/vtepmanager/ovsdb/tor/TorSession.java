package org.vtepmanager.ovsdb.tor;

import com.vmware.ovsdb.protocol.operation.Operation;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.vtepmanager.ovsdb.notation.Rows;
import org.vtepmanager.ovsdb.session.DatabaseMirror;
import org.vtepmanager.ovsdb.session.OvsdbSession;
import org.vtepmanager.ovsdb.session.ProblemLog;
import org.vtepmanager.ovsdb.session.RepairWatch;
import org.vtepmanager.ovsdb.session.SchemaTables;
import org.vtepmanager.ovsdb.session.SerialTransactions;
import org.vtepmanager.ovsdb.session.TableCache;

/**
 * One connected ToR: checks that it serves hardware_vtep, mirrors the tables the manager reads and writes, reports
 * what it sees and keeps it at its spec, one transaction at a time. Confined to the events executor.
 */
final class TorSession {

    /**
     * The least time between two transactions that only change remote MACs: learns one at a time made a transaction
     * every few learns, and its encoding, commit and monitor update cost more than the learns (a sixth of the
     * learning rate, measured with the packet-in benchmark's latency mode; 10 ms recovered most of it, 50 ms all).
     * While MACs keep changing, one reaches the ToR this much later at most; the first after a quiet spell, and a
     * whole pass, are never held back.
     */
    static final Duration MAC_PASS_GAP = Duration.ofMillis(50);

    /**
     * Tables whose updates need no whole pass: the switch's own unicast MACs reach the plan through the MAC tables,
     * as MAC changes; Tunnel (BFD state) and Global only the observation.
     */
    private static final Set<String> NOT_PLANNED_FROM = Set.of(HardwareVtep.UCAST_MACS_LOCAL, HardwareVtep.TUNNEL,
            HardwareVtep.GLOBAL);

    private final OvsdbSession session;
    private final boolean dialledIn;
    private final TorReports reports;
    private final TableCache cache = new TableCache();
    private final RemoteMacRows remoteMacRows = new RemoteMacRows(this::rowTouched);
    private final SerialTransactions transactions;
    private final ScheduledExecutorService events;
    private final MacBatch macBatch;
    /** When the next pass of changed MACs may be planned ({@link #MAC_PASS_GAP}), and whether one waits for it. */
    private long nextMacPass = System.nanoTime();
    private boolean macPassWaiting;
    /** Ucast_Macs_Remote rows the transaction in flight changes, by MAC: their updates will not come if it fails. */
    private Map<String, Integer> macWritesSent = Map.of();
    /**
     * Ucast_Macs_Remote row changes of ours whose update has not come yet, by MAC (whichever comes first, the update
     * or the transaction's reply): a row change that matches none is another writer's.
     */
    private final Map<String, Integer> echoesDue = new HashMap<>();
    /** Remote MACs whose rows another writer changed since a pass last planned them: putting them back is a repair. */
    private final Set<MacKey> othersTouched = new HashSet<>();
    /**
     * The next pass must plan everything: nothing is planned yet, the intent, topology or another table changed, a
     * transaction failed, or a switch is still going away. Else it plans only {@link #dirty}.
     */
    private boolean wholeDue = true;
    /** Remote MACs that may differ from their spec since the last whole pass: changed, or not planned yet. */
    private final Set<MacKey> dirty = new LinkedHashSet<>();
    /** The spec the last whole pass planned against; the MACs of {@link #dirty} are planned against it. */
    private TorSpec lastWhole;
    /**
     * The last whole pass left a switch of ours waiting for the ToR's own rows on it to go: a change of its local
     * unicast MACs then makes a whole pass due, to delete the switch. Other changes go on being planned alone, as
     * the wait may be long (ovs-vtep keeps its local flood row on a switch it no longer binds, once a binding has
     * moved to another).
     */
    private boolean waitingForTor;
    /**
     * What {@link #observation} holds may have changed: a table it reads, or the problems a plan found. Remote MACs
     * are not in it, and a ToR taking a burst of them commits a transaction every few learns.
     */
    private boolean observationStale = true;
    private TorView view;
    private final ProblemLog problems;
    private final RepairWatch<TorSpec> repairs;

    /** {@code macBatch}: this ToR's, kept across its sessions (see {@link TorProvider}). */
    TorSession(OvsdbSession session, boolean dialledIn, ScheduledExecutorService events, TorReports reports,
            MacBatch macBatch) {
        this.session = session;
        this.macBatch = macBatch;
        this.problems = new ProblemLog(session.peer());
        this.repairs = new RepairWatch<>(session.peer(), reports);
        this.dialledIn = dialledIn;
        this.reports = reports;
        this.events = events;
        cache.watch(HardwareVtep.UCAST_MACS_REMOTE, remoteMacRows::changed);
        HardwareVtep.MONITORED.keySet().stream().filter(t -> !t.equals(HardwareVtep.UCAST_MACS_REMOTE))
                .forEach(table -> cache.watch(table, (uuid, row) -> {
                    observationStale = true;
                    wholeDue |= !NOT_PLANNED_FROM.contains(table)
                            || (waitingForTor && table.equals(HardwareVtep.UCAST_MACS_LOCAL));
                }));
        this.transactions = new SerialTransactions(session, HardwareVtep.DATABASE,
                "Logical_Switch/Physical_Port/Ucast_Macs_Remote/Mcast_Macs_Remote/Physical_Locator", events, this::plan,
                this::answered);
    }

    OvsdbSession session() {
        return session;
    }

    /** See {@link SerialTransactions#stop}. */
    CompletableFuture<Void> stopWriting() {
        return transactions.stop();
    }

    /** Completes when the database is checked and mirrored; fails, naming the switch, when it is not usable. */
    CompletableFuture<Void> start() {
        return session.listDatabases()
                .thenCompose(databases -> {
                    DatabaseMirror.requireServed(session, databases, HardwareVtep.DATABASE);
                    return DatabaseMirror.start(session, HardwareVtep.DATABASE, HardwareVtep.MONITORED, cache,
                            this::changed);
                })
                .thenAccept(schema -> {
                    view = new TorView(cache, remoteMacRows, hasReplicationMode(schema));
                    changed();
                });
    }

    /**
     * The spec changed: as a whole ({@code whole}), or only the remote MACs {@code macs}. Heard from the start, so
     * that no change falls between the first plan and the session going live.
     */
    void changed(boolean whole, List<MacKey> macs) {
        wholeDue |= whole;
        if (!wholeDue) {
            dirty.addAll(macs);
        }
        // A whole change may be the registry's: the southbound resolves a session's VTEP as it hears it.
        observationStale |= whole;
        changed();
    }

    /**
     * The database or the spec changed: reconcile, and report what the switch holds if that may have changed.
     * Ignored until the schema is known.
     */
    void changed() {
        if (view == null) {
            return;
        }
        transactions.request();
        if (observationStale) {
            observationStale = false;
            reports.observed(observation());
        }
    }

    TorObservation observation() {
        Optional<UUID> physicalSwitchRow = view.physicalSwitch();
        Optional<Row> physicalSwitch = physicalSwitchRow.map(uuid -> view.row(HardwareVtep.PHYSICAL_SWITCH, uuid));
        List<String> all = new ArrayList<>(problems.current());
        all.addAll(Tunnels.problems(view));
        physicalSwitch.ifPresent(row -> all.addAll(Faults.problems(view, row)));
        return new TorObservation(session.peer(), dialledIn, physicalSwitch.map(r -> Rows.string(r, "name")),
                physicalSwitchRow,
                physicalSwitch.map(r -> Rows.strings(r, "tunnel_ips").stream().sorted().toList()).orElse(List.of()),
                physicalSwitch.map(r -> Rows.strings(r, "management_ips").stream().sorted().toList()).orElse(List.of()),
                physicalSwitch.map(this::portNames).orElse(List.of()), localMacs(), Tunnels.bfdStates(view), all,
                session.peerCertificateExpiry());
    }

    private List<Operation> plan() {
        Optional<UUID> physicalSwitch = view.physicalSwitch();
        String manager = reports.managerOf(session.peer(), physicalSwitch);
        if (!manager.equals(session.peer())) {
            String name = physicalSwitch.map(uuid -> Rows.string(view.row(HardwareVtep.PHYSICAL_SWITCH, uuid), "name"))
                    .orElse("?");
            observationStale |= problems.report(List.of("Physical_Switch " + name + " is already managed through "
                    + manager + "; this session writes nothing"));
            return List.of();
        }
        if (!wholeDue) {
            long wait = nextMacPass - System.nanoTime();
            if (wait > 0 && !dirty.isEmpty()) {
                planLater(wait);
                return List.of();
            }
            Optional<TorReconciler.Plan> changes = TorReconciler.planChanges(view, lastWhole, dirty.iterator(),
                    keys -> reports.remoteMacs(session.peer(), keys), macBatch.size(), othersTouched);
            if (changes.isPresent()) {
                dirty.addAll(changes.get().deferred());
                othersTouched.retainAll(dirty);
                if (!changes.get().changes().isEmpty()) {
                    reports.repaired(session.peer(), changes.get().changes());
                }
                if (!changes.get().operations().isEmpty()) {
                    nextMacPass = System.nanoTime() + MAC_PASS_GAP.toNanos();
                }
                return send(changes.get());
            }
            wholeDue = true;
        }
        Optional<TorSpec> spec = reports.specFor(session.peer());
        if (spec.isEmpty()) {
            return List.of();
        }
        TorReconciler.Plan plan = TorReconciler.plan(view, spec.get(), macBatch.size());
        observationStale |= problems.report(plan.problems());
        repairs.judge(spec.get(), plan.inSync(), plan.changes());
        lastWhole = spec.get();
        wholeDue = !plan.complete();
        waitingForTor = plan.waiting();
        // Every MAC changed before this pass read the spec is in it: what is left to do is what did not fit.
        dirty.clear();
        dirty.addAll(plan.deferred());
        othersTouched.clear();
        return send(plan);
    }

    /** Plans again once the gap has passed, unless a pass already waits for it. */
    private void planLater(long nanos) {
        if (!macPassWaiting) {
            macPassWaiting = true;
            events.schedule(() -> {
                macPassWaiting = false;
                transactions.request();
            }, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private List<Operation> send(TorReconciler.Plan plan) {
        macWritesSent = plan.macWrites();
        macWritesSent.forEach((mac, rows) -> echoesDue.merge(mac, rows, Integer::sum));
        return plan.operations();
    }

    /** A failed transaction may have been any part of the plan: the next pass plans everything again. */
    private void answered(Duration took, boolean committed) {
        macBatch.answered(macWritesSent.values().stream().mapToInt(Integer::intValue).sum(), took, committed);
        if (!committed) {
            wholeDue = true;
            macWritesSent.forEach(this::takeEchoes);
        }
        macWritesSent = Map.of();
    }

    /**
     * Takes {@code rows} updates of {@code mac} off those due: heard (one, for a row change) or never to come (a
     * failed transaction's). False when none was due: a row change that is then another writer's.
     */
    private boolean takeEchoes(String mac, int rows) {
        Integer due = echoesDue.get(mac);
        if (due == null) {
            return false;
        }
        if (due > rows) {
            echoesDue.put(mac, due - rows);
        } else {
            echoesDue.remove(mac);
        }
        return true;
    }

    /**
     * A remote MAC row changed: written by us (checked again, cheaply, against its spec) or by another writer
     * (repaired, and said to be). Not needed while a whole pass is due; a switch not in the cache makes one due.
     */
    private void rowTouched(UUID logicalSwitch, String mac) {
        boolean ours = takeEchoes(mac, 1);
        if (wholeDue) {
            return;
        }
        Row ls = cache.rows(HardwareVtep.LOGICAL_SWITCH).get(logicalSwitch);
        if (ls == null) {
            wholeDue = true;
            return;
        }
        MacKey key = new MacKey(Rows.string(ls, "name"), mac);
        if (!ours) {
            othersTouched.add(key);
        }
        dirty.add(key);
    }

    private List<String> portNames(Row physicalSwitch) {
        return Rows.uuids(physicalSwitch, "ports").stream().map(p -> view.row(HardwareVtep.PHYSICAL_PORT, p))
                .filter(Objects::nonNull).map(p -> Rows.string(p, "name")).sorted().toList();
    }

    /** Ucast_Macs_Local rows of our Logical_Switches: what the ToR learned on its ports, per network. */
    private List<TorObservation.LocalMac> localMacs() {
        List<TorObservation.LocalMac> macs = new ArrayList<>();
        for (Row row : view.rows(HardwareVtep.UCAST_MACS_LOCAL).values()) {
            Optional<UUID> ls = Rows.uuid(row, "logical_switch").filter(view::isOurSwitch);
            Optional<Long> vni = ls.flatMap(u -> Rows.integer(view.row(HardwareVtep.LOGICAL_SWITCH, u), "tunnel_key"));
            if (vni.isPresent()) {
                String ip = Rows.string(row, "ipaddr");
                macs.add(new TorObservation.LocalMac(vni.get(), Rows.string(row, "MAC").toLowerCase(),
                        ip.isEmpty() ? Optional.empty() : Optional.of(ip)));
            }
        }
        macs.sort((a, b) -> a.vni() != b.vni() ? Long.compare(a.vni(), b.vni()) : a.mac().compareTo(b.mac()));
        return macs;
    }

    private static boolean hasReplicationMode(SchemaTables schema) {
        return schema.hasColumn(HardwareVtep.LOGICAL_SWITCH, "replication_mode");
    }
}
