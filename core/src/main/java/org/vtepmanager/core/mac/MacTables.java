package org.vtepmanager.core.mac;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.IntentEvent;
import org.vtepmanager.core.intent.IntentListener;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.intent.PortVlan;
import org.vtepmanager.core.intent.StaticMac;

/**
 * The MAC and ARP tables of every network. Southbound providers report learned MACs here; static MACs follow intent
 * (this is an {@link IntentListener}). One lock guards all tables: learning is cheap, so contention stays low until a
 * benchmark says otherwise. {@link MacTableListener}s hear of every change of location, outside the lock.
 */
public final class MacTables implements IntentListener {

    private static final Logger log = LoggerFactory.getLogger(MacTables.class);
    private static final Comparator<MacEntry> ENTRY_ORDER = Comparator.comparing(MacEntry::vni)
            .thenComparing(MacEntry::mac);

    private final MacTableConfig config;
    /** What entries' times are shown in: the wall clock. */
    private final Clock clock;
    /** What the tables measure intervals with (damping, ARP reachable time and aging), in milliseconds. */
    private final LongSupplier ticks;
    private final Map<Vni, MacTable> macs = new TreeMap<>();
    private final Map<Vni, ArpTable> arps = new TreeMap<>();
    private final List<MacTableListener> listeners = new CopyOnWriteArrayList<>();
    private final List<MacListener> macListeners = new CopyOnWriteArrayList<>();
    private final List<MacMoveListener> moveListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong changes = new AtomicLong();
    /** Learns refused, by {@link LearnOutcome#ordinal}. */
    private final AtomicLongArray refused = new AtomicLongArray(LearnOutcome.values().length);

    /** Tables that measure intervals with {@code clock} itself: tests, whose clock only moves when told. */
    public MacTables(MacTableConfig config, Clock clock) {
        this(config, clock, clock::millis);
    }

    /**
     * Tables that measure intervals with {@code ticks}, monotonic milliseconds, and show times by {@code clock}. A
     * wall clock stepped back (NTP after a VM resumed) would otherwise hold a damped MAC where it was, or keep an
     * ARP claim, for as long as the step.
     */
    public MacTables(MacTableConfig config, Clock clock, LongSupplier ticks) {
        this.config = config;
        this.clock = clock;
        this.ticks = ticks;
    }

    /** Tables as the manager runs them: intervals by {@link System#nanoTime}, times shown by the wall clock. */
    public static MacTables withSystemClocks(MacTableConfig config) {
        return new MacTables(config, Clock.systemUTC(), () -> System.nanoTime() / 1_000_000);
    }

    /** What to add to a tick to show it as wall-clock time, now. */
    private long tickToWall() {
        return clock.millis() - ticks.getAsLong();
    }

    /** Installs the static MACs of {@code intent}; called once at start, before events flow. */
    public synchronized void load(Intent intent) {
        intent.staticMacValues().forEach(this::pin);
    }

    public void addListener(MacTableListener listener) {
        listeners.add(listener);
    }

    public void addMoveListener(MacMoveListener listener) {
        moveListeners.add(listener);
    }

    public void removeListener(MacTableListener listener) {
        listeners.remove(listener);
    }

    /**
     * Static MACs follow intent; a deleted network takes its tables along. An unbound port VLAN or a deleted VTEP
     * takes the MACs learned there: nothing would ever age them (their switch no longer has their flows), and every
     * other VTEP would go on sending their traffic to where nothing is bound. So does a port VLAN moved to another
     * network, in the networks it left.
     */
    @Override
    public void event(IntentEvent event) {
        IntentChange change = event.change();
        Map<Vni, List<MacAddress>> changed = new TreeMap<>();
        synchronized (this) {
            if (change instanceof IntentChange.AddStaticMac add) {
                pin(add.mac());
                changed.put(add.mac().vni(), List.of(add.mac().mac()));
            } else if (change instanceof IntentChange.DeleteStaticMac delete) {
                table(delete.key().vni()).remove(delete.key().mac().bits());
                changed.put(delete.key().vni(), List.of(delete.key().mac()));
            } else if (change instanceof IntentChange.DeleteNetwork delete) {
                macs.remove(delete.vni());
                arps.remove(delete.vni());
                changed.put(delete.vni(), List.of());
            } else if (change instanceof IntentChange.DeleteBinding delete) {
                changed = forgetWhere(vni -> true, at(delete.portVlan()));
            } else if (change instanceof IntentChange.UpdateBinding update) {
                Vni now = update.binding().vni();
                changed = forgetWhere(vni -> !vni.equals(now), at(update.binding().portVlan()));
            } else if (change instanceof IntentChange.DeleteVtep delete) {
                changed = forgetWhere(vni -> true, where -> where.vtep().equals(delete.id()));
            } else {
                return;
            }
        }
        changed.forEach((vni, forgotten) -> announce(vni, forgotten, List.of()));
    }

    private static Predicate<MacLocation> at(PortVlan portVlan) {
        return where -> where instanceof MacLocation.Local local && local.portVlan().equals(portVlan);
    }

    /** In {@code networks}, the learned MACs at locations that are gone; by network, those that had any. */
    private Map<Vni, List<MacAddress>> forgetWhere(Predicate<Vni> networks, Predicate<MacLocation> gone) {
        Map<Vni, List<MacAddress>> forgotten = new TreeMap<>();
        macs.forEach((vni, table) -> {
            if (!networks.test(vni)) {
                return;
            }
            List<MacAddress> at = table.forgetWhere(gone);
            if (!at.isEmpty()) {
                forgotten.put(vni, at);
            }
        });
        return forgotten;
    }

    /**
     * Records that {@code mac} was seen at {@code location}. A move is logged and told to the
     * {@link MacMoveListener}s with where the MAC came from, which the table kept as it moved it: a caller that
     * looked the MAC up first to tell a move paid a second lock and an entry object on every learn.
     */
    public LearnOutcome learn(Vni vni, MacAddress mac, MacLocation location, MacSource source) {
        LearnOutcome outcome;
        MacLocation from;
        synchronized (this) {
            MacTable table = table(vni);
            outcome = table.learn(mac.bits(), location, source, ticks.getAsLong());
            from = outcome == LearnOutcome.MOVED ? table.movedFrom() : null;
        }
        if (!outcome.accepted()) {
            refused.incrementAndGet(outcome.ordinal());
            log.atDebug().addKeyValue("vni", vni).addKeyValue("mac", mac).addKeyValue("location", location)
                    .addKeyValue("outcome", outcome).log("learn refused");
        } else if (outcome != LearnOutcome.REFRESHED) {
            announce(vni, List.of(mac), List.of());
        }
        if (outcome == LearnOutcome.MOVED) {
            log.atInfo().addKeyValue("vni", vni).addKeyValue("mac", mac).addKeyValue("from", from)
                    .addKeyValue("to", location).log("MAC moved");
            for (MacMoveListener listener : moveListeners) {
                try {
                    listener.macMoved(vni, mac, from, location);
                } catch (RuntimeException e) {
                    // The move is made: one failing listener must neither undo the learn for its caller nor
                    // silence the others.
                    log.atWarn().addKeyValue("listener", listener).addKeyValue("vni", vni).addKeyValue("mac", mac)
                            .setCause(e).log("MAC move listener failed");
                }
            }
        }
        return outcome;
    }

    /**
     * The switch that reported {@code mac} no longer does (a hardware VTEP's Ucast_Macs_Local row went, a switch
     * aged it): forgets the entry, unless it has meanwhile moved elsewhere or been pinned. True when it was removed.
     */
    public boolean forget(Vni vni, MacAddress mac, MacLocation where) {
        boolean removed;
        synchronized (this) {
            MacTable table = macs.get(vni);
            removed = table != null && table.forget(mac.bits(), where);
        }
        if (removed) {
            announce(vni, List.of(mac), List.of());
        }
        return removed;
    }

    /**
     * The switch of {@code vtep} has no port that {@code gone} accepts (a VM's port deleted from its bridge, or gone
     * while the switch was away): forgets the MACs learned on them, whatever their VLAN or network, as a bridge
     * flushes a deleted port's MACs. Nothing would ever age them (their switch no longer holds their flows), and every
     * other VTEP would go on sending their traffic to where no port is. Returns how many were forgotten.
     */
    public int forgetPorts(VtepId vtep, Predicate<PortName> gone) {
        Map<Vni, List<MacAddress>> forgotten;
        synchronized (this) {
            forgotten = forgetWhere(vni -> true, where -> where instanceof MacLocation.Local local
                    && local.vtep().equals(vtep) && gone.test(local.portVlan().port()));
        }
        forgotten.forEach((vni, macs) -> announce(vni, macs, List.of()));
        return forgotten.values().stream().mapToInt(List::size).sum();
    }

    /** Records that {@code mac} claims {@code ip}; true when a binding changed (see {@link ArpTable#glean}). */
    public boolean gleanArp(Vni vni, InetAddress ip, MacAddress mac) {
        List<MacAddress> changed;
        synchronized (this) {
            changed = arps.computeIfAbsent(vni, ArpTable::new).glean(ip, mac, ticks.getAsLong());
        }
        if (changed.isEmpty()) {
            return false;
        }
        announce(vni, List.of(), changed);
        return true;
    }

    public synchronized Optional<MacEntry> lookup(Vni vni, MacAddress mac) {
        MacTable table = macs.get(vni);
        return table == null ? Optional.empty() : table.lookup(mac.bits(), tickToWall());
    }

    /**
     * The MAC to answer an ARP request for {@code ip} with: one that claimed it within the ARP reachable time and that
     * the MAC table still holds. A MAC forgotten with its port binding or VTEP has nowhere to be sent to, however
     * recent its claim.
     */
    public synchronized Optional<MacAddress> resolveArp(Vni vni, InetAddress ip) {
        ArpTable arp = arps.get(vni);
        MacTable table = macs.get(vni);
        if (arp == null || table == null) {
            return Optional.empty();
        }
        return arp.resolve(ip, ticks.getAsLong(), config.arpReachableTime().toMillis())
                .filter(mac -> table.lookup(mac.bits()).isPresent());
    }

    /** The IPs {@code mac} claims in network {@code vni}'s ARP table, in no order; looked up, not scanned. */
    public synchronized Set<InetAddress> arpClaims(Vni vni, MacAddress mac) {
        ArpTable table = arps.get(vni);
        return table == null ? Set.of() : table.claimsOf(mac);
    }

    public synchronized List<ArpBinding> arpBindings(Vni vni) {
        ArpTable table = arps.get(vni);
        return table == null ? List.of() : table.bindings();
    }

    /**
     * Ages ARP bindings now. MACs are not aged here: a MAC learned from an OpenFlow packet-in is aged by its switch
     * (idle timeout, flow-removed, then {@link #forget}) because the controller never sees the packets that keep it
     * alive, and a MAC from a hardware VTEP leaves when the ToR drops it from Ucast_Macs_Local.
     */
    public void ageArp() {
        List<ArpBinding> aged = new ArrayList<>();
        synchronized (this) {
            long now = ticks.getAsLong();
            arps.values().forEach(arp -> aged.addAll(arp.ageOut(now, config.agingTime().toMillis())));
        }
        aged.stream().collect(Collectors.groupingBy(ArpBinding::vni, TreeMap::new,
                Collectors.mapping(ArpBinding::mac, Collectors.toList())))
                .forEach((vni, macs) -> announce(vni, List.of(), macs));
    }

    /** The entries {@code filter} selects, each with the IP its ARP table last saw it claim, if any, in order. */
    public List<MacEntry> entries(MacFilter filter) {
        return unsortedEntries(filter).stream().sorted(ENTRY_ORDER).toList();
    }

    /**
     * As {@link #entries}, in no particular order, for a caller that indexes them itself: a ToR's pass reads every
     * MAC of its networks, and sorting them was a sixth of its time. Only the copy is made under the tables' lock:
     * while a pass worked there every learn waited.
     */
    public List<MacEntry> unsortedEntries(MacFilter filter) {
        List<MacEntry> entries = new ArrayList<>();
        Map<Vni, List<ArpBinding>> bindings = new HashMap<>();
        synchronized (this) {
            long shift = tickToWall();
            macs.forEach((vni, table) -> {
                if (filter.vni().map(vni::equals).orElse(true)) {
                    entries.addAll(table.entries(shift));
                    ArpTable arp = arps.get(vni);
                    if (arp != null) {
                        bindings.put(vni, arp.unsortedBindings());
                    }
                }
            });
        }
        Map<Vni, Map<MacAddress, InetAddress>> ips = new HashMap<>();
        bindings.forEach((vni, list) -> ips.put(vni, ipsByMac(list)));
        return entries.stream().map(e -> withIp(e, ips.get(e.vni()))).filter(filter::matches).toList();
    }

    /** A MAC that claims several IPs shows the first in {@link ArpTable#bindings()} order. */
    private static Map<MacAddress, InetAddress> ipsByMac(List<ArpBinding> bindings) {
        Map<MacAddress, InetAddress> ips = new HashMap<>();
        ArpTable.sorted(bindings).forEach(binding -> ips.putIfAbsent(binding.mac(), binding.ip()));
        return ips;
    }

    private static MacEntry withIp(MacEntry entry, Map<MacAddress, InetAddress> ips) {
        return ips == null ? entry : entry.withIp(Optional.ofNullable(ips.get(entry.mac())));
    }

    public void addMacListener(MacListener listener) {
        macListeners.add(listener);
    }

    public void removeMacListener(MacListener listener) {
        macListeners.remove(listener);
    }

    /** One of the calls a {@link MacListener} takes. */
    @FunctionalInterface
    private interface MacCall {
        void tell(MacListener listener, Vni vni, MacAddress mac);
    }

    private void fireMac(Vni vni, MacAddress mac, MacCall call) {
        for (MacListener listener : macListeners) {
            try {
                call.tell(listener, vni, mac);
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("listener", listener).addKeyValue("vni", vni).addKeyValue("mac", mac)
                        .setCause(e).log("MAC listener failed");
            }
        }
    }

    /**
     * How many changes the tables have told, or are about to tell, their listeners of: each is counted before any
     * listener hears of it. Read before reading entries: the same count later means every change since is still to
     * be told, so what a caller built from those entries may be reused until its listener hears of one (a ToR's
     * pass, planned again with nothing changed, reuses its spec).
     */
    public long changeCount() {
        return changes.get();
    }

    /**
     * How many learns the tables refused for {@code reason} (a refused {@link LearnOutcome}) since they were made: a
     * port or network at its MAC limit, a MAC damped or pinned elsewhere. What an operator alerts on, as such a
     * source is forwarded but never learned, so frames to it flood.
     */
    public long refusedLearns(LearnOutcome reason) {
        return refused.get(reason.ordinal());
    }

    /**
     * Counts one change of network {@code vni}, then tells the MAC listeners which MACs it moved and whose claims it
     * changed, then the tables' listeners. Counted first: a listener that hears of a MAC and reads the count after
     * reads one that includes it (see {@link #changeCount}).
     */
    private void announce(Vni vni, List<MacAddress> moved, List<MacAddress> claims) {
        changes.incrementAndGet();
        moved.forEach(mac -> fireMac(vni, mac, MacListener::macChanged));
        claims.forEach(mac -> fireMac(vni, mac, MacListener::claimsChanged));
        fire(vni);
    }

    private void fire(Vni vni) {
        for (MacTableListener listener : listeners) {
            try {
                listener.changed(vni);
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("listener", listener).addKeyValue("vni", vni).setCause(e)
                        .log("MAC tables listener failed");
            }
        }
    }

    private void pin(StaticMac mac) {
        table(mac.vni()).putStatic(mac.mac().bits(), mac.location(), ticks.getAsLong());
    }

    private MacTable table(Vni vni) {
        return macs.computeIfAbsent(vni, v -> new MacTable(v, config));
    }
}
