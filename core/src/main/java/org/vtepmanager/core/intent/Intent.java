package org.vtepmanager.core.intent;

import com.google.common.collect.ImmutableSortedMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;

/**
 * Everything the operator asked for, at one store revision: networks, VTEPs, VLAN bindings and static MACs.
 * Immutable; {@link #apply} returns a new intent, so readers never see a change half-made. Its maps are immutable
 * too, so the intent after a change shares every map but the one changed (copying all four made each write cost
 * time linear in every table).
 */
public record Intent(
        long revision,
        SortedMap<Vni, Versioned<VirtualNetwork>> networks,
        SortedMap<VtepId, Versioned<Vtep>> vteps,
        SortedMap<PortVlan, Versioned<VlanBinding>> bindings,
        SortedMap<StaticMac.Key, Versioned<StaticMac>> staticMacs) {

    public static final Intent EMPTY = new Intent(0, ImmutableSortedMap.of(), ImmutableSortedMap.of(),
            ImmutableSortedMap.of(), ImmutableSortedMap.of());

    public Intent {
        networks = ImmutableSortedMap.copyOfSorted(networks);
        vteps = ImmutableSortedMap.copyOfSorted(vteps);
        bindings = ImmutableSortedMap.copyOfSorted(bindings);
        staticMacs = ImmutableSortedMap.copyOfSorted(staticMacs);
    }

    /**
     * The intent after {@code change} at revision {@code revision + 1}.
     *
     * @throws IntentException when the change breaks a rule; this intent is unchanged
     */
    public Intent apply(IntentChange change) {
        return IntentRules.apply(this, change);
    }

    /** Whether nothing at all was asked for: no network, VTEP, binding or static MAC. */
    public boolean isEmpty() {
        return networks.isEmpty() && vteps.isEmpty() && bindings.isEmpty() && staticMacs.isEmpty();
    }

    public List<VlanBinding> bindingsOf(Vni vni) {
        return bindingValues().filter(b -> b.vni().equals(vni)).toList();
    }

    /** Walks {@code vtep}'s bindings alone: they sort together, by VTEP first. */
    public List<VlanBinding> bindingsOn(VtepId vtep) {
        return bindingsFrom(new PortVlan(vtep, PortName.LEAST, VlanId.UNTAGGED), at -> at.vtep().equals(vtep));
    }

    /** The bindings of one port, a VLAN each. */
    public List<VlanBinding> bindingsOn(VtepId vtep, PortName port) {
        return bindingsFrom(new PortVlan(vtep, port, VlanId.UNTAGGED),
                at -> at.vtep().equals(vtep) && at.port().equals(port));
    }

    private List<VlanBinding> bindingsFrom(PortVlan first, Predicate<PortVlan> within) {
        List<VlanBinding> found = new ArrayList<>();
        for (Map.Entry<PortVlan, Versioned<VlanBinding>> binding : bindings.tailMap(first).entrySet()) {
            if (!within.test(binding.getKey())) {
                break;
            }
            found.add(binding.getValue().value());
        }
        return found;
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
}
