package org.vtepmanager.core.topology;

import java.util.Map;
import java.util.TreeMap;
import org.vtepmanager.core.VtepId;

/** Everything the southbound reported, keyed by VTEP. Immutable. */
public record ObservedState(Map<VtepId, VtepObservation> vteps) {

    public static final ObservedState NONE = new ObservedState(Map.of());

    public ObservedState {
        vteps = Map.copyOf(vteps);
    }

    public VtepObservation of(VtepId vtep) {
        return vteps.getOrDefault(vtep, VtepObservation.unknown(vtep));
    }

    public ObservedState without(VtepId vtep) {
        Map<VtepId, VtepObservation> next = new TreeMap<>(vteps);
        next.remove(vtep);
        return new ObservedState(next);
    }

    /**
     * This state with {@code observation} in it: this very state when it holds that observation already, as after
     * most reports (every session reports again whenever the mesh changes), so that nothing computed from the
     * state is computed again.
     */
    public ObservedState with(VtepObservation observation) {
        if (observation.equals(vteps.get(observation.vtep()))) {
            return this;
        }
        Map<VtepId, VtepObservation> next = new TreeMap<>(vteps);
        next.put(observation.vtep(), observation);
        return new ObservedState(next);
    }
}
