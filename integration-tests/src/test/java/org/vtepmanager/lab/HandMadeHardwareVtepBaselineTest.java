package org.vtepmanager.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Baseline the manager must later reproduce on its own: a VM on an OVS hypervisor and a bare-metal server behind
 * the ovs-vtep ToR emulator, with the hardware_vtep rows written by hand through vtep-ctl.
 */
class HandMadeHardwareVtepBaselineTest {

    @BeforeAll
    static void requireLab() {
        LabAssumptions.requireLab();
    }

    @ParameterizedTest(name = "server on VLAN {0} bound to VNI {1}")
    @CsvSource({"0, 5000", "200, 6000"})
    void vmAndBareMetalServerPingThroughTheEmulatedTorAndTheServerMacIsLearnedLocally(int vlan, int vni) {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            TorSwitch tor = lab.addTor("tor1");
            Endpoint vm = lab.addVm("vm1", hv1, EndpointSpec.untagged("02:00:00:00:02:01", "10.20.0.1/24"));
            Endpoint server = lab.addServer("bm1", tor,
                    EndpointSpec.untagged("02:00:00:00:02:02", "10.20.0.2/24").tagged(vlan));
            hv1.addVxlanPort("vx-tor1", tor.tunnelIp(), Integer.toString(vni));
            tor.vtepctl("add-ls", "ls0");
            tor.vtepctl("set", "Logical_Switch", "ls0", "tunnel_key=" + vni);
            tor.vtepctl("bind-ls", TorSwitch.PHYSICAL_SWITCH, server.switchPort(), Integer.toString(vlan), "ls0");
            tor.vtepctl("add-ucast-remote", "ls0", vm.mac(), hv1.tunnelIp());
            tor.vtepctl("add-mcast-remote", "ls0", "unknown-dst", hv1.tunnelIp());

            // The emulator polls its database: the first probes may go out before it has built the logical switch.
            PingResult ping = Await.until(Duration.ofSeconds(20), () -> server.ping(vm.ip(), 3),
                    PingResult::allAnswered);

            assertThat(ping.allAnswered()).as("server -> vm: %s", ping.output()).isTrue();
            assertThat(Await.until(Duration.ofSeconds(10), () -> tor.localMacs("ls0"),
                    macs -> macs.contains(server.mac())))
                    .as("Ucast_Macs_Local of ls0").contains(server.mac());
        }
    }
}
