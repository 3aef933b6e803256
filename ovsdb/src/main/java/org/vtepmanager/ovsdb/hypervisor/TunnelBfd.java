package org.vtepmanager.ovsdb.hypervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vtepmanager.ovsdb.BfdStatus;

/**
 * The BFD sessions of a hypervisor's tunnel ports (ours): ovs-vswitchd runs one on each Interface whose {@code bfd}
 * enables it and reports it in {@code bfd_status}, which names the tunnel by the remote IP, as a ToR's Tunnel row
 * does. Without BFD a tunnel whose underlay path broke looks the same as a working one.
 */
final class TunnelBfd {

    private TunnelBfd() {
    }

    /** Remote IP → BFD state ({@link BfdStatus#state}) of each of {@code ports}' interfaces that has one. */
    static SortedMap<String, String> states(List<HypervisorView.TunnelPort> ports) {
        SortedMap<String, String> states = new TreeMap<>();
        for (HypervisorView.TunnelPort port : ports) {
            for (HypervisorView.TunnelInterface iface : port.interfaces()) {
                String remote = iface.options().getOrDefault("remote_ip", "");
                BfdStatus.state(iface.bfdStatus()).filter(state -> !remote.isEmpty())
                        .ifPresent(state -> states.putIfAbsent(remote, state));
            }
        }
        return states;
    }

    /** Each of {@code ports}' interfaces whose BFD session says it does not forward, naming it and its remote. */
    static List<String> problems(List<HypervisorView.TunnelPort> ports) {
        List<String> found = new ArrayList<>();
        for (HypervisorView.TunnelPort port : ports) {
            for (HypervisorView.TunnelInterface iface : port.interfaces()) {
                BfdStatus.notForwarding(iface.bfdStatus()).ifPresent(why -> found.add("tunnel Interface "
                        + iface.name() + " to " + iface.options().getOrDefault("remote_ip", "?") + " ("
                        + port.remoteVtep() + "): " + why));
            }
        }
        found.sort(String::compareTo);
        return found;
    }
}
