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

    public ObservedState with(VtepObservation observation) {
        Map<VtepId, VtepObservation> next = new TreeMap<>(vteps);
        next.put(observation.vtep(), observation);
        return new ObservedState(next);
    }
}
