package org.vtepmanager.core.mac;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.MacLocation;

/**
 * Interns MAC locations as small ints so a table entry holds an int instead of an object, and maps each location to
 * the port whose MAC limit it counts against. Ids start at 1. Locations are never
 * released: there are at most as many as port VLANs and VTEPs in the fabric.
 */
final class LocationPool {

    /** No port limit applies: remote locations are bounded by the network's limit alone. */
    static final int NO_PORT = -1;

    private record Port(VtepId vtep, PortName port) {
    }

    private final Map<MacLocation, Integer> ids = new HashMap<>();
    private final List<MacLocation> locations = new ArrayList<>(Collections.singletonList(null));
    private final Map<Port, Integer> portIds = new HashMap<>();
    private int[] portOfLocation = new int[16];

    int intern(MacLocation location) {
        Integer id = ids.get(location);
        return id != null ? id : add(location);
    }

    MacLocation location(int id) {
        return locations.get(id);
    }

    /** The ids of the locations {@code test} accepts: a sweep then tests each entry's id, not its location. */
    BitSet matching(Predicate<MacLocation> test) {
        BitSet matching = new BitSet(locations.size());
        for (int id = 1; id < locations.size(); id++) {
            if (test.test(locations.get(id))) {
                matching.set(id);
            }
        }
        return matching;
    }

    /** The port id {@code locationId} counts against, or {@link #NO_PORT}. */
    int portOf(int locationId) {
        return portOfLocation[locationId];
    }

    int portCount() {
        return portIds.size();
    }

    private int add(MacLocation location) {
        int id = locations.size();
        locations.add(location);
        ids.put(location, id);
        if (id >= portOfLocation.length) {
            portOfLocation = Arrays.copyOf(portOfLocation, id * 2);
        }
        portOfLocation[id] = location instanceof MacLocation.Local local
                ? portIds.computeIfAbsent(new Port(local.vtep(), local.portVlan().port()), p -> portIds.size())
                : NO_PORT;
        return id;
    }
}
