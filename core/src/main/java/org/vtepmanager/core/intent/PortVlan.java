package org.vtepmanager.core.intent;

import java.util.Comparator;
import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.VtepId;

/** One VLAN on one port of one VTEP: the unit a {@link VlanBinding} maps to a VNI, and its identity. */
public record PortVlan(VtepId vtep, PortName port, VlanId vlan) implements Comparable<PortVlan> {

    private static final Comparator<PortVlan> ORDER = Comparator.comparing(PortVlan::vtep)
            .thenComparing(PortVlan::port).thenComparing(PortVlan::vlan);

    public PortVlan {
        if (vtep == null) {
            throw new InvalidValueException("vtep", "is required");
        }
        if (port == null) {
            throw new InvalidValueException("port", "is required");
        }
        vlan = vlan == null ? VlanId.UNTAGGED : vlan;
    }

    @Override
    public int compareTo(PortVlan other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return vtep + "/" + port + " vlan " + vlan;
    }
}
