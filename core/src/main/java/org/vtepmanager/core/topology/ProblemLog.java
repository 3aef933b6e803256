package org.vtepmanager.core.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.VtepId;

/**
 * Logs each problem of a connected VTEP when it appears (WARN) and when it is gone (INFO), so that an operator who
 * reads only the log learns that a hypervisor has no local_ip, was left out of the mesh, or has a bound port missing.
 * A disconnected VTEP's problems are not logged here: its session's end and failures to reach it are logged where
 * they happen, and a manager stopping would otherwise warn of every session it closes.
 */
final class ProblemLog {

    static final String APPEARED = "VTEP problem";
    static final String RESOLVED = "VTEP problem resolved";
    private static final Logger log = LoggerFactory.getLogger(ProblemLog.class);

    /** A problem of {@code vtep} that appeared, or was resolved. */
    record Change(VtepId vtep, String problem, boolean appeared) {
    }

    private final Map<VtepId, List<String>> logged = new HashMap<>();

    /**
     * Compares {@code views}, every VTEP's, read inside the lock (reports race from the sessions' threads, and a view
     * read before it could be older than one compared after it), with what was logged; logs and returns the changes.
     */
    synchronized List<Change> update(Supplier<List<VtepView>> views) {
        List<VtepView> all = views.get();
        Set<VtepId> present = new HashSet<>();
        all.forEach(view -> present.add(view.vtep().id()));
        logged.keySet().retainAll(present);
        return compare(all);
    }

    /** As {@link #update}, for the views of some VTEPs: the others' are as last compared. */
    synchronized List<Change> updateSome(Supplier<List<VtepView>> views) {
        return compare(views.get());
    }

    private List<Change> compare(List<VtepView> views) {
        List<Change> changes = new ArrayList<>();
        for (VtepView view : views) {
            VtepId id = view.vtep().id();
            boolean connected = view.state() == ConnectionState.CONNECTED;
            List<String> now = connected ? view.problems() : List.of();
            List<String> before = logged.getOrDefault(id, List.of());
            now.stream().filter(p -> !before.contains(p)).forEach(p -> changes.add(new Change(id, p, true)));
            if (connected) {
                before.stream().filter(p -> !now.contains(p)).forEach(p -> changes.add(new Change(id, p, false)));
            }
            logged.put(id, now);
        }
        changes.forEach(ProblemLog::log);
        return changes;
    }

    private static void log(Change change) {
        (change.appeared() ? log.atWarn() : log.atInfo()).addKeyValue("vtep", change.vtep())
                .addKeyValue("problem", change.problem()).log(change.appeared() ? APPEARED : RESOLVED);
    }
}
