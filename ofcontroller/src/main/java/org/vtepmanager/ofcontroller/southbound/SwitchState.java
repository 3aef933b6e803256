package org.vtepmanager.ofcontroller.southbound;

import java.util.HashMap;
import java.util.Map;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.types.OFPort;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.topology.VtepDesiredState;
import org.vtepmanager.ofcontroller.OpenFlowSwitch;
import org.vtepmanager.ofcontroller.pipeline.InstalledSwitch;

/** What the southbound tracks per connected switch. Confined to the southbound's thread. */
final class SwitchState {

    static final long UNKNOWN = -1;

    final OpenFlowSwitch sw;
    /** Null until the flows and groups were read back from the switch. */
    InstalledSwitch installed;
    /** Null until the switch's datapath id is matched to a VTEP (its OVSDB session reported it). */
    VtepId vtep;
    /** The VTEP this connection was last logged (at INFO) as matched to: a read-back to repair it is no news. */
    VtepId announcedVtep;
    /** Bumped each time {@link #installed} is read again from the switch; batches of older reads are ignored. */
    int generation;
    /**
     * The tunnel port of each remote VTEP as last resolved, and the two immutable snapshots it was resolved from
     * (the VTEP's desired state and the switch's port table): every learn needs it, and resolving means parsing
     * each remote IP and scanning the ports by name.
     */
    Map<VtepId, OFPort> tunnels;
    VtepDesiredState tunnelsForVtep;
    Map<OFPort, OFPortDesc> tunnelsForPorts;

    /**
     * The VLAN by which each (port name, VNI) is bound, from the bindings of {@link #bindingsFor}: every packet-in
     * asks, and a VTEP may have many bindings.
     */
    Map<PortVni, VlanId> bindingVlans;
    VtepDesiredState bindingsFor;

    /**
     * The VTEP's desired state and the switch's port numbers by name (all the pipeline reads of its ports: a port's
     * link state or speed changes no flow) that its last whole reconcile was computed from. While both are unchanged,
     * another whole reconcile would send nothing: every MAC change since reached the switch in a MAC pass. Skipping
     * it keeps an intent change elsewhere in the fabric, or a link flap, from rebuilding every MAC entry of the
     * switch. Null until the first whole reconcile after the switch was read, and again once a MAC pass left
     * the switch out (not ready, or its VTEP gone from intent).
     */
    VtepDesiredState reconciledFor;
    Map<String, OFPort> reconciledPorts;

    /**
     * How many flows of others our pipeline's tables held at the last exact count of ours ({@link FlowAudit}), or
     * {@link #UNKNOWN} until then and after each read of the switch.
     */
    long othersFlows = UNKNOWN;

    /** The VTEP whose problem it is that this switch refused flows ({@link FlowRefusals}); null when none stands. */
    VtepId refusedFor;

    /** When each hold placed on this connection ends, by {@link System#nanoTime} ({@link LearnHolds}). */
    final Map<LearnHolds.Held, Long> holdsUntil = new HashMap<>();

    /** When {@link FlowComparison} next reads the switch whole, and whether such a read is under way. */
    long nextComparisonNanos;
    boolean comparing;

    record PortVni(String port, Vni vni) {
    }

    SwitchState(OpenFlowSwitch sw) {
        this.sw = sw;
    }

    boolean ready() {
        return installed != null && vtep != null && sw.isConnected();
    }
}
