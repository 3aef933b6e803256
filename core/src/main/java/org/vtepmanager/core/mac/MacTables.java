package org.vtepmanager.core.mac;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.IntentEvent;
import org.vtepmanager.core.intent.IntentListener;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.StaticMac;

/**
 * The MAC and ARP tables of every network. Southbound providers report learned MACs here; static MACs follow intent
 * (this is an {@link IntentListener}). One lock guards all tables: learning is cheap, so contention stays low until a
 * benchmark says otherwise.
 */
public final class MacTables implements IntentListener {

    private static final Logger log = LoggerFactory.getLogger(MacTables.class);

    private final MacTableConfig config;
    private final Clock clock;
    private final Map<Vni, MacTable> macs = new TreeMap<>();
    private final Map<Vni, ArpTable> arps = new TreeMap<>();
    private final List<MacTableListener> listeners = new CopyOnWriteArrayList<>();

    public MacTables(MacTableConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public void addListener(MacTableListener listener) {
        listeners.add(listener);
    }

    /** Installs the static MACs of {@code intent}; called once at start, before events flow. */
    public synchronized void load(Intent intent) {
        intent.staticMacValues().forEach(this::pin);
    }

    @Override
    public synchronized void event(IntentEvent event) {
        IntentChange change = event.change();
        if (change instanceof IntentChange.AddStaticMac add) {
            pin(add.mac());
            fire(add.mac().vni());
        } else if (change instanceof IntentChange.DeleteStaticMac delete) {
            table(delete.key().vni()).remove(delete.key().mac().bits());
            fire(delete.key().vni());
        } else if (change instanceof IntentChange.DeleteNetwork delete) {
            macs.remove(delete.vni());
            arps.remove(delete.vni());
            fire(delete.vni());
        }
    }

    public synchronized LearnOutcome learn(Vni vni, MacAddress mac, MacLocation location, MacSource source) {
        LearnOutcome outcome = table(vni).learn(mac.bits(), location, source, clock.millis());
        if (!outcome.accepted()) {
            log.atDebug().addKeyValue("vni", vni).addKeyValue("mac", mac).addKeyValue("location", location)
                    .addKeyValue("outcome", outcome).log("learn refused");
        } else if (outcome != LearnOutcome.REFRESHED) {
            fire(vni);
        }
        return outcome;
    }

    /**
     * Forgets a learned MAC that its switch aged out, unless it has meanwhile moved elsewhere or been pinned.
     *
     * @return whether it was removed
     */
    public synchronized boolean forget(Vni vni, MacAddress mac, MacLocation where) {
        MacTable table = macs.get(vni);
        Optional<MacEntry> entry = table == null ? Optional.empty() : table.lookup(mac.bits());
        if (entry.isEmpty() || !entry.get().location().equals(where) || entry.get().source() == MacSource.STATIC) {
            return false;
        }
        table.remove(mac.bits());
        fire(vni);
        return true;
    }

    public synchronized Optional<MacEntry> lookup(Vni vni, MacAddress mac) {
        MacTable table = macs.get(vni);
        return table == null ? Optional.empty() : table.lookup(mac.bits());
    }

    public synchronized Optional<MacAddress> resolveArp(Vni vni, InetAddress ip) {
        ArpTable table = arps.get(vni);
        return table == null ? Optional.empty() : table.resolve(ip);
    }

    public synchronized boolean gleanArp(Vni vni, InetAddress ip, MacAddress mac) {
        return arps.computeIfAbsent(vni, ArpTable::new).glean(ip, mac, clock.millis());
    }

    public synchronized List<ArpBinding> arpBindings(Vni vni) {
        ArpTable table = arps.get(vni);
        return table == null ? List.of() : table.bindings();
    }

    /**
     * Ages every table now; returns how many MACs went. ARP bindings age on the same timer. Only for MACs nobody
     * else ages: a MAC learned from an OpenFlow packet-in is aged by its switch (idle timeout, flow-removed) and
     * {@link #forget}, because the controller never sees the packets that keep it alive.
     */
    public synchronized int ageOut() {
        long now = clock.millis();
        int aged = 0;
        for (Map.Entry<Vni, MacTable> table : macs.entrySet()) {
            int gone = table.getValue().ageOut(now);
            if (gone > 0) {
                fire(table.getKey());
            }
            aged += gone;
        }
        ageArp();
        return aged;
    }

    /** Ages ARP bindings alone (the MACs are aged by their switches). */
    public synchronized void ageArp() {
        long now = clock.millis();
        arps.values().forEach(arp -> arp.ageOut(now, config.agingTime().toMillis()));
    }

    private void fire(Vni vni) {
        for (MacTableListener listener : listeners) {
            try {
                listener.changed(vni);
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("vni", vni).setCause(e).log("MAC table listener failed");
            }
        }
    }

    public synchronized List<MacEntry> entries(MacFilter filter) {
        Comparator<MacEntry> order = Comparator.comparing(MacEntry::vni).thenComparing(MacEntry::mac);
        return macs.entrySet().stream()
                .filter(e -> filter.vni().map(e.getKey()::equals).orElse(true))
                .flatMap(e -> e.getValue().entries().stream())
                .filter(filter::matches).sorted(order).toList();
    }

    private void pin(StaticMac mac) {
        table(mac.vni()).putStatic(mac.mac().bits(), mac.location(), clock.millis());
    }

    private MacTable table(Vni vni) {
        return macs.computeIfAbsent(vni, v -> new MacTable(v, config));
    }
}
