package org.vtepmanager.core.intent;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;

/**
 * Everything the operator asked for, at one store revision: networks, VTEPs, VLAN bindings and static MACs.
 * Immutable; {@link #apply} returns a new intent, so readers never see a change half-made.
 */
public record Intent(
        long revision,
        SortedMap<Vni, Versioned<VirtualNetwork>> networks,
        SortedMap<VtepId, Versioned<Vtep>> vteps,
        SortedMap<PortVlan, Versioned<VlanBinding>> bindings,
        SortedMap<StaticMac.Key, Versioned<StaticMac>> staticMacs) {

    public static final Intent EMPTY =
            new Intent(0, new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

    public Intent {
        networks = frozen(networks);
        vteps = frozen(vteps);
        bindings = frozen(bindings);
        staticMacs = frozen(staticMacs);
    }

    /**
     * The intent after {@code change} at revision {@code revision + 1}.
     *
     * @throws IntentException when the change breaks a rule; this intent is unchanged
     */
    public Intent apply(IntentChange change) {
        return IntentRules.apply(this, change);
    }

    public List<VlanBinding> bindingsOf(Vni vni) {
        return bindingValues().filter(b -> b.vni().equals(vni)).toList();
    }

    public List<VlanBinding> bindingsOn(VtepId vtep) {
        return bindingValues().filter(b -> b.portVlan().vtep().equals(vtep)).toList();
    }

    /**
     * The bindings of every VTEP that has any, in one pass: {@link #bindingsOn} once per VTEP walks every binding
     * as many times as there are VTEPs, which a computation over all of them (desired state, views) must not.
     */
    public Map<VtepId, List<VlanBinding>> bindingsByVtep() {
        return bindingValues().collect(Collectors.groupingBy(b -> b.portVlan().vtep()));
    }

    public Stream<VlanBinding> bindingValues() {
        return bindings.values().stream().map(Versioned::value);
    }

    public Stream<StaticMac> staticMacValues() {
        return staticMacs.values().stream().map(Versioned::value);
    }

    private static <K, V> SortedMap<K, V> frozen(Map<K, V> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
}
