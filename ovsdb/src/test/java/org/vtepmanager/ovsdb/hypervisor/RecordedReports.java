package org.vtepmanager.ovsdb.hypervisor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the provider reported, for tests to wait on. */
final class RecordedReports implements HypervisorReports {

    final Map<String, HypervisorObservation> latest = new ConcurrentHashMap<>();
    /** How many times each peer was observed. */
    final Map<String, Integer> observations = new ConcurrentHashMap<>();
    final List<String> disconnects = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();
    /** Each repair as "peer: what; what". */
    final List<String> repairs = new CopyOnWriteArrayList<>();
    /** Each session's place in the mesh by peer, as a southbound would judge it; a member unless set. */
    final Map<String, MeshPlace> places = new ConcurrentHashMap<>();

    @Override
    public MeshPlace meshPlace(String peer) {
        return places.getOrDefault(peer, MeshPlace.MEMBER);
    }

    @Override
    public void observed(HypervisorObservation observation) {
        latest.put(observation.peer(), observation);
        observations.merge(observation.peer(), 1, Integer::sum);
    }

    @Override
    public void disconnected(String peer, String reason) {
        disconnects.add(peer + ": " + reason);
    }

    @Override
    public void repaired(String peer, List<String> what) {
        repairs.add(peer + ": " + String.join("; ", what));
    }

    @Override
    public void failed(String peer, String reason) {
        failures.add(peer + ": " + reason);
    }
}
