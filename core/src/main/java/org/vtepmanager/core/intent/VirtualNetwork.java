package org.vtepmanager.core.intent;

import java.util.Optional;
import java.util.OptionalInt;
import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;

/**
 * A tenant L2 segment carried over VXLAN. The overlay MTU is either set explicitly or derived from the underlay:
 * VXLAN adds 50 bytes over IPv4 and 70 over IPv6 ({@link TunnelIp#vxlanOverhead}), so a full-size overlay frame
 * must be that much smaller than the underlay's or TCP stalls while ping still works.
 *
 * <p>{@code replication} is how hardware VTEPs replicate the network's broadcast and unknown frames; empty means
 * the manager-wide default (source node unless service nodes are configured on the command line), which is also
 * what networks stored before the setting existed get.
 */
public record VirtualNetwork(Vni vni, String name, String description, OptionalInt mtu,
        Optional<Replication> replication) {

    public static final int MIN_MTU = 68;
    public static final int MAX_MTU = 9216;

    public VirtualNetwork {
        if (vni == null) {
            throw new InvalidValueException("vni", "is required");
        }
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new InvalidValueException("name", "'" + name + "' must be 1..64 characters and not blank");
        }
        description = description == null ? "" : description;
        if (description.length() > 256) {
            throw new InvalidValueException("description", "is " + description.length() + " characters; at most 256");
        }
        mtu = mtu == null ? OptionalInt.empty() : mtu;
        if (mtu.isPresent() && (mtu.getAsInt() < MIN_MTU || mtu.getAsInt() > MAX_MTU)) {
            throw new InvalidValueException("mtu", mtu.getAsInt() + " is out of range " + MIN_MTU + ".." + MAX_MTU);
        }
        replication = replication == null ? Optional.empty() : replication;
    }

    /** A network that leaves replication to the manager-wide default. */
    public VirtualNetwork(Vni vni, String name, String description, OptionalInt mtu) {
        this(vni, name, description, mtu, Optional.empty());
    }

    /**
     * The MTU endpoints of this network must use where the underlay carries overlay frames of at most {@code
     * carriedMtu} bytes (its MTU less VXLAN's overhead).
     */
    public int effectiveMtu(int carriedMtu) {
        return mtu.orElse(carriedMtu);
    }
}
