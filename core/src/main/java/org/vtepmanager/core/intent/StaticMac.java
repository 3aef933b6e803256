package org.vtepmanager.core.intent;

import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;

/** An operator-pinned MAC: never aged, never moved by learning. */
public record StaticMac(Vni vni, MacAddress mac, MacLocation location) {

    public StaticMac {
        if (vni == null) {
            throw new InvalidValueException("vni", "is required");
        }
        if (mac == null) {
            throw new InvalidValueException("mac", "is required");
        }
        if (mac.isMulticast() || mac.bits() == 0) {
            throw new InvalidValueException("mac", mac + " is not a unicast station address");
        }
        if (location == null) {
            throw new InvalidValueException("vtep", "is required");
        }
    }

    public Key key() {
        return new Key(vni, mac);
    }

    /** Identity of a MAC table entry: a MAC is unique within its network only. */
    public record Key(Vni vni, MacAddress mac) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byVni = vni.compareTo(other.vni);
            return byVni != 0 ? byVni : mac.compareTo(other.mac);
        }

        @Override
        public String toString() {
            return "vni " + vni + " mac " + mac;
        }
    }
}
