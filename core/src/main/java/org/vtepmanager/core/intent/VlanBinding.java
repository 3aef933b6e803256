package org.vtepmanager.core.intent;

import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.Vni;

/** Frames on {@code portVlan} belong to network {@code vni}. A port VLAN maps to one VNI; a VNI to many port VLANs. */
public record VlanBinding(PortVlan portVlan, Vni vni) {

    public VlanBinding {
        if (portVlan == null) {
            throw new InvalidValueException("port", "is required");
        }
        if (vni == null) {
            throw new InvalidValueException("vni", "is required");
        }
    }

    @Override
    public String toString() {
        return portVlan + " -> vni " + vni;
    }
}
