package org.vtepmanager.ovsdb.session;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a session's last plan could not make true, each naming its row. A session plans only for a VTEP, whose
 * observation carries these problems to the topology, which logs each once at WARN naming the VTEP (core's
 * {@code ProblemLog}); here they are logged at DEBUG, naming the session, when the set changes, not on every pass
 * (a reconciler plans again after every monitor update). They were at WARN here too: each problem twice, and all
 * of them again whenever one came or went. Confined to the events executor.
 */
public final class ProblemLog {

    private static final Logger log = LoggerFactory.getLogger(ProblemLog.class);

    private final String peer;
    private List<String> current = List.of();

    public ProblemLog(String peer) {
        this.peer = peer;
    }

    /** Logs the problems when the list differs from the last one reported; true when it did. */
    public boolean report(List<String> problems) {
        if (problems.equals(current)) {
            return false;
        }
        problems.forEach(problem -> log.atDebug().addKeyValue("switch", peer).log(problem));
        current = List.copyOf(problems);
        return true;
    }

    public List<String> current() {
        return current;
    }
}
