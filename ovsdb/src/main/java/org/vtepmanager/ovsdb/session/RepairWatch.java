package org.vtepmanager.ovsdb.session;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a repair from a change. A plan that writes for the very spec the switch last held in full (a plan for it
 * found nothing to do) puts back what another writer changed on the switch since: an operator's hand edit, most
 * likely, which the operator should hear of rather than see undone in silence. The same repair is said once until
 * the switch holds its spec again, however often a failed transaction makes the plan run again; another edit
 * meanwhile is said too. A spec that changes meanwhile (intent, the mesh) makes the writes a change, not a repair,
 * and the switch then holds no known spec until a plan finds it in sync again: a spec that changes and comes back
 * before that (a host renumbered and back, while its tunnels could not be made) is not the one the switch holds. A
 * repair is reported ({@link ConnectionReports#repaired}), where the southbound, which knows the switch's VTEP, logs
 * it ({@link #warn}). Confined to its session's thread.
 *
 * @param <S> the spec a plan is made against; compared with {@code equals}
 */
public final class RepairWatch<S> {

    static final String REPAIRED = "switch changed by another writer; putting back what the manager keeps there";
    private static final Logger log = LoggerFactory.getLogger(RepairWatch.class);

    private final String peer;
    private final ConnectionReports reports;
    private S held;
    private List<String> said = List.of();

    public RepairWatch(String peer, ConnectionReports reports) {
        this.peer = peer;
        this.reports = reports;
    }

    /**
     * @param inSync whether the plan for {@code spec} writes nothing and found nothing it could not make true (a
     *     database without its root row, a foreign row in the way): only then does the switch hold the spec
     * @param changes what the plan writes of what {@code spec} holds, in words; said when they are a repair
     */
    public void judge(S spec, boolean inSync, List<String> changes) {
        if (inSync) {
            held = spec;
            said = List.of();
            return;
        }
        if (!spec.equals(held)) {
            held = null;
            return;
        }
        if (changes.isEmpty() || changes.equals(said)) {
            return;
        }
        said = changes;
        reports.repaired(peer, changes);
    }

    /** The WARN of a repair, naming the switch by its VTEP and its session's peer. */
    public static void warn(String vtep, String peer, List<String> what) {
        log.atWarn().addKeyValue("vtep", vtep).addKeyValue("switch", peer).addKeyValue("what", String.join("; ", what))
                .log(REPAIRED);
    }
}
