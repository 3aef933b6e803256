package org.vtepmanager.web.push;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.IntentEvent;
import org.vtepmanager.core.intent.IntentListener;
import org.vtepmanager.core.topology.ConnectionState;
import org.vtepmanager.core.topology.TopologyEvent;
import org.vtepmanager.core.topology.TopologyListener;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.core.topology.VtepView;

/**
 * Turns core's events into feed entries. Intent changes are described from the change itself; a VTEP observation
 * is compared with the last one seen, so the feed says "joined", "left" or names a new problem rather than "observed";
 * any other topology event (MAC moves, once the OpenFlow side reports them) appears under its own type name.
 */
final class FeedSources implements TopologyListener, IntentListener {

    private record Seen(ConnectionState state, List<String> problems) {
    }

    private final EventFeed feed;
    private final TopologyService topology;
    private final Map<VtepId, Seen> seen = new HashMap<>();

    FeedSources(EventFeed feed, TopologyService topology) {
        this.feed = feed;
        this.topology = topology;
        topology.vteps().forEach(view -> seen.put(view.vtep().id(), seen(view)));
    }

    @Override
    public void event(IntentEvent event) {
        IntentChanges described = IntentChanges.of(event.change());
        feed.append(described.kind(), FeedEntry.Level.INFO, described.subject(), described.text() + by(event));
        if (event.change() instanceof IntentChange.DeleteVtep deleted) {
            forget(deleted.id());
        }
    }

    /**
     * Who asked for a change, when it names someone: an API token's name, or a restore. The manager's own changes,
     * and changes through an API that needs no token, name no one.
     */
    private static String by(IntentEvent event) {
        return event.origin().equals(IntentEvent.MANAGER) || event.origin().equals(IntentEvent.ANYONE) ? ""
                : " by " + event.origin();
    }

    @Override
    public void event(TopologyEvent event) {
        feed.changed();
        switch (event.type()) {
            case FLOWS_REPORTED -> { }
            case INTENT_CHANGED, VTEP_OBSERVED -> observed();
            case FLOWS_REPAIRED, ROWS_REPAIRED -> feed.append(kind(event), FeedEntry.Level.WARNING, event.subject(),
                    event.subject());
            default -> feed.append(kind(event), FeedEntry.Level.INFO, event.subject(), event.subject());
        }
    }

    /** A topology event's kind in the feed: its type's name, {@code flows-repaired} for FLOWS_REPAIRED. */
    private static String kind(TopologyEvent event) {
        return event.type().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Compares every VTEP, not only the one that reported: another VTEP's report or an intent change can give it a
     * problem (two claims to one tunnel IP). Synchronized, with the views read inside: sessions report from their
     * own threads, two reports must not both claim the join, and a view read before the lock could be older than one
     * another thread compares after it (the feed would then end on "joined" for a VTEP that is down). Reading the
     * topology takes no lock.
     */
    private synchronized void observed() {
        topology.vteps().forEach(this::compare);
    }

    private void compare(VtepView view) {
        Seen now = seen(view);
        Seen before = seen.put(view.vtep().id(), now);
        String id = view.vtep().id().toString();
        // A VTEP's first report only counts as news when it connected; "left" needs a session that was up.
        if (before == null ? now.state() == ConnectionState.CONNECTED : before.state() != now.state()) {
            boolean joined = now.state() == ConnectionState.CONNECTED;
            feed.append(joined ? "vtep-joined" : "vtep-left", joined ? FeedEntry.Level.INFO : FeedEntry.Level.WARNING,
                    id, id + (joined ? " connected" : " disconnected")
                            + view.tunnelIp().map(ip -> " (tunnel IP " + ip + ")").orElse(""));
        }
        now.problems().stream().filter(p -> before == null || !before.problems().contains(p))
                .forEach(p -> feed.append("vtep-problem", FeedEntry.Level.ERROR, id, id + ": " + p));
    }

    private synchronized void forget(VtepId id) {
        seen.remove(id);
    }

    private static Seen seen(VtepView view) {
        return new Seen(view.state(), view.problems());
    }
}
