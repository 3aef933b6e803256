package org.vtepmanager.ofcontroller.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.projectfloodlight.openflow.types.OFPort;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;

/**
 * Everything the pipeline of one switch depends on, already resolved to OpenFlow port numbers: the pure input of
 * {@link FlowPipeline}. Built from intent, observations and MAC tables by the southbound.
 *
 * @param bindings (local port, VLAN) → VNI; VLAN 0 is untagged
 * @param floodTunnels per VNI applied here, the tunnel ports of every other VTEP that has it
 * @param macs where each known MAC of the VNIs applied here lives
 * @param agingSeconds idle timeout of a learned source entry (its expiry ages the MAC)
 */
public record SwitchContext(List<Binding> bindings, Map<Vni, Set<OFPort>> floodTunnels, List<MacRoute> macs,
        int agingSeconds) {

    public SwitchContext {
        bindings = List.copyOf(bindings);
        floodTunnels = Map.copyOf(floodTunnels);
        macs = List.copyOf(macs);
    }

    public record Binding(OFPort port, int vlan, Vni vni) {
    }

    /** Where frames to {@code mac} in {@code vni} go from this switch. */
    public sealed interface MacRoute {
        Vni vni();

        MacAddress mac();
    }

    /**
     * Behind a local port of this switch. {@code learned}: learned here from a packet-in, so it also gets a source
     * entry whose idle timeout ages it; a static MAC gets one without timeout.
     */
    public record LocalMac(Vni vni, MacAddress mac, OFPort port, int vlan, boolean learned) implements MacRoute {
    }

    /** On another VTEP, reached through {@code tunnel}. */
    public record RemoteMac(Vni vni, MacAddress mac, OFPort tunnel) implements MacRoute {
    }

    /**
     * Several MACs of {@code vni} on one other VTEP, reached through {@code tunnel}: how a MAC pass routes remote
     * MACs. The pass hands every switch the same {@code macs} list for the same VTEP, so their entries are built
     * once per tunnel port number, not once per switch and MAC.
     */
    public record RemoteMacs(Vni vni, List<MacAddress> macs, OFPort tunnel) {
    }
}
