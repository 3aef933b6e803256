package org.vtepmanager.core.intent;

import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;

/**
 * One atomic write to intent. Every change touches exactly one record, so a store applies it as one transaction
 * (one etcd txn later) and events name exactly what changed.
 */
public sealed interface IntentChange {

    /** Matches any version in the updates ({@link UpdateNetwork}, ...): an unconditional write. */
    long ANY_VERSION = 0;

    record CreateNetwork(VirtualNetwork network) implements IntentChange {
    }

    /** Replaces a network; when {@code expectedVersion} is not {@link #ANY_VERSION} it must match (compare-and-set). */
    record UpdateNetwork(VirtualNetwork network, long expectedVersion) implements IntentChange {
    }

    record DeleteNetwork(Vni vni) implements IntentChange {
    }

    record CreateBinding(VlanBinding binding) implements IntentChange {
    }

    /**
     * Moves a port VLAN to another network: the binding's port VLAN is its identity. When {@code expectedVersion} is
     * not {@link #ANY_VERSION} it must match.
     */
    record UpdateBinding(VlanBinding binding, long expectedVersion) implements IntentChange {
    }

    record DeleteBinding(PortVlan portVlan) implements IntentChange {
    }

    record RegisterVtep(Vtep vtep) implements IntentChange {
    }

    /**
     * Replaces a VTEP's OVSDB target and configured tunnel IP; its id and kind are its identity, and a VTEP that
     * dials the manager stays one. When {@code expectedVersion} is not {@link #ANY_VERSION} it must match.
     */
    record UpdateVtep(Vtep vtep, long expectedVersion) implements IntentChange {
    }

    record DeleteVtep(VtepId id) implements IntentChange {
    }

    record AddStaticMac(StaticMac mac) implements IntentChange {
    }

    record DeleteStaticMac(StaticMac.Key key) implements IntentChange {
    }
}
