package org.vtepmanager.core.intent;

import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.VtepId;

/**
 * Where a MAC lives: behind a VLAN of a VTEP port, or somewhere behind a VTEP that does not say which port
 * (a hardware VTEP's Ucast_Macs_Local, a MAC reached over a tunnel).
 */
public sealed interface MacLocation {

    VtepId vtep();

    record Local(PortVlan portVlan) implements MacLocation {
        public Local {
            if (portVlan == null) {
                throw new InvalidValueException("port", "is required");
            }
        }

        public static Local of(VtepId vtep, PortName port, VlanId vlan) {
            return new Local(new PortVlan(vtep, port, vlan));
        }

        @Override
        public VtepId vtep() {
            return portVlan.vtep();
        }

        @Override
        public String toString() {
            return portVlan.toString();
        }
    }

    record Remote(VtepId vtep) implements MacLocation {
        public Remote {
            if (vtep == null) {
                throw new InvalidValueException("vtep", "is required");
            }
        }

        @Override
        public String toString() {
            return vtep.toString();
        }
    }
}
