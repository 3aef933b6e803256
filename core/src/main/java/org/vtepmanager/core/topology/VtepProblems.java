package org.vtepmanager.core.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.VlanBinding;
import org.vtepmanager.core.intent.Vtep;

/**
 * What a VTEP's view lists as wrong: what its switch's session reported, plus what only intent and the other VTEPs
 * show. A binding may name a port that is not there yet (intent comes first; the binding takes effect when the port
 * appears), but an operator who mistyped the name must see it: a hypervisor's session reports its integration
 * bridge's ports, so a bound port missing there is listed, and so is one whose MTU its network cannot carry ({@link
 * NetworkMtus}). A ToR's session says a port is missing itself (Physical_Port), and reports no MTU. Among
 * the other VTEPs, one that claims its tunnel IP or reports its datapath id makes a problem of both. Last,
 * what the OpenFlow southbound reports: flows its switch refused, and an OpenFlow session the manager lacks.
 */
final class VtepProblems {

    private VtepProblems() {
    }

    /** {@code bindings}: this VTEP's (see {@link Intent#bindingsByVtep}). */
    static List<String> of(Vtep vtep, VtepObservation observation, List<VlanBinding> bindings, NetworkMtus mtus,
            TunnelIpClaims claims, SharedDatapaths datapaths, Optional<String> flowRefusal,
            Optional<String> sessionMissing) {
        List<String> problems = new ArrayList<>(observation.problems());
        if (vtep.kind() == VtepKind.HYPERVISOR && observation.state() == ConnectionState.CONNECTED) {
            boundPorts(observation, bindings, mtus, problems);
        }
        configuredElsewhere(vtep, observation).ifPresent(problems::add);
        claims.conflict(vtep.id()).ifPresent(problems::add);
        datapaths.conflict(vtep.id()).ifPresent(problems::add);
        flowRefusal.ifPresent(problems::add);
        // A switch that reports its bridge unconnected says why (an address it cannot reach, a TLS refusal); the
        // manager's side of it adds nothing then. It matters when the switch cannot say: ovs-vswitchd stopped or
        // hung leaves its last report, connected, in the database.
        if (observation.state() == ConnectionState.CONNECTED && !observation.controllerDown()) {
            sessionMissing.ifPresent(problems::add);
        }
        return problems.size() == observation.problems().size() ? observation.problems() : List.copyOf(problems);
    }

    /** A bound port missing from the integration bridge, or one whose interface's MTU its network cannot carry. */
    private static void boundPorts(VtepObservation observation, List<VlanBinding> bindings, NetworkMtus mtus,
            List<String> problems) {
        Map<String, SwitchPort> present = observation.ports().stream()
                .collect(Collectors.toMap(SwitchPort::name, port -> port, (first, second) -> first));
        for (VlanBinding binding : bindings) {
            String port = binding.portVlan().port().value();
            String bound = "port " + port + " (bound, VLAN " + binding.portVlan().vlan().value() + " to VNI "
                    + binding.vni().value() + ")";
            SwitchPort found = present.get(port);
            if (found == null) {
                problems.add(bound + " is not on the integration bridge: the binding takes effect when it appears");
            } else if (found.mtu().isPresent()) {
                mtus.excess(binding.vni(), found.mtu().getAsInt()).ifPresent(why -> problems.add(bound + " " + why));
            }
        }
    }

    /**
     * A configured tunnel IP wins over the one a switch reports (see {@link DesiredState#effectiveTunnelIp}), so a
     * mistyped one sends every other VTEP's tunnels to an address the switch may not have, while it looks healthy.
     * A ToR may list several tunnel IPs and reports the first usable one, so a ToR configured with another of those
     * it lists is not wrong: it is compared with all of them.
     */
    private static Optional<String> configuredElsewhere(Vtep vtep, VtepObservation observation) {
        if (observation.state() != ConnectionState.CONNECTED || vtep.tunnelIp().isEmpty()
                || observation.listedTunnelIps().isEmpty()
                || observation.listedTunnelIps().contains(vtep.tunnelIp().get())) {
            return Optional.empty();
        }
        String configured = vtep.tunnelIp().get().toString();
        String found = vtep.kind() == VtepKind.HYPERVISOR
                ? "reports " + observation.listedTunnelIps().get(0) + " (Open_vSwitch other_config:local_ip)"
                : "lists only " + observation.listedTunnelIps().stream().map(Object::toString)
                        .collect(Collectors.joining(", ")) + " (Physical_Switch tunnel_ips)";
        return Optional.of("tunnel IP " + configured + " is configured for this VTEP, but the switch " + found
                + ": other VTEPs tunnel to " + configured + "; clear the configured one if it is a mistake");
    }
}
