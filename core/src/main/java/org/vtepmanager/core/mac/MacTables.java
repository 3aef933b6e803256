package org.vtepmanager.core.mac;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    public MacTables(MacTableConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
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
        } else if (change instanceof IntentChange.DeleteStaticMac delete) {
            table(delete.key().vni()).remove(delete.key().mac().bits());
        } else if (change instanceof IntentChange.DeleteNetwork delete) {
            macs.remove(delete.vni());
            arps.remove(delete.vni());
        }
    }

    public synchronized LearnOutcome learn(Vni vni, MacAddress mac, MacLocation location, MacSource source) {
        LearnOutcome outcome = table(vni).learn(mac.bits(), location, source, clock.millis());
        if (!outcome.accepted()) {
            log.atDebug().addKeyValue("vni", vni).addKeyValue("mac", mac).addKeyValue("location", location)
                    .addKeyValue("outcome", outcome).log("learn refused");
        }
        return outcome;
    }

    public synchronized boolean gleanArp(Vni vni, InetAddress ip, MacAddress mac) {
        return arps.computeIfAbsent(vni, ArpTable::new).glean(ip, mac, clock.millis());
    }

    public synchronized List<ArpBinding> arpBindings(Vni vni) {
        ArpTable table = arps.get(vni);
        return table == null ? List.of() : table.bindings();
    }

    /** Ages every table now; returns how many MACs went. ARP bindings age on the same timer. */
    public synchronized int ageOut() {
        long now = clock.millis();
        int aged = 0;
        for (MacTable table : macs.values()) {
            aged += table.ageOut(now);
        }
        arps.values().forEach(arp -> arp.ageOut(now, config.agingTime().toMillis()));
        return aged;
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
