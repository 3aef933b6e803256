package org.vtepmanager.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Baseline the manager must later reproduce on its own: two hypervisors, one VM each, a VXLAN port configured by
 * hand on each side and OVS's NORMAL (standalone) forwarding.
 */
class HandMadeVxlanBaselineTest {

    @BeforeAll
    static void requireLab() {
        LabAssumptions.requireLab();
    }

    @Test
    void vmsOnTwoHypervisorsPingOverHandMadeVxlanPorts() {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            Endpoint vm1 = lab.addVm("vm1", hv1, EndpointSpec.untagged("02:00:00:00:01:01", "10.10.0.1/24"));
            Endpoint vm2 = lab.addVm("vm2", hv2, EndpointSpec.untagged("02:00:00:00:01:02", "10.10.0.2/24"));
            hv1.addVxlanPort("vx-hv2", hv2.tunnelIp(), "5000");
            hv2.addVxlanPort("vx-hv1", hv1.tunnelIp(), "5000");

            PingResult ping = vm1.ping(vm2.ip(), 5);

            assertThat(ping.allAnswered()).as("vm1 -> vm2: %s", ping.output()).isTrue();
            assertThat(hv1.vsctl("get", "Interface", "vx-hv2", "options:remote_ip").strip())
                    .isEqualTo("\"" + hv2.tunnelIp() + "\"");
            assertThat(hv1.dumpFlows(Hypervisor.INTEGRATION_BRIDGE)).contains("actions=NORMAL");
        }
    }

    @Test
    void taggedVmsKeepTheirVlanAcrossTheTunnel() {
        try (Lab lab = Lab.create()) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Hypervisor hv2 = lab.addHypervisor("hv2");
            Endpoint vm1 = lab.addVm("vm1", hv1,
                    EndpointSpec.untagged("02:00:00:00:01:11", "10.11.0.1/24").tagged(100));
            Endpoint vm2 = lab.addVm("vm2", hv2,
                    EndpointSpec.untagged("02:00:00:00:01:12", "10.11.0.2/24").tagged(100));
            hv1.addVxlanPort("vx-hv2", hv2.tunnelIp(), "5000");
            hv2.addVxlanPort("vx-hv1", hv1.tunnelIp(), "5000");

            PingResult ping = vm1.ping(vm2.ip(), 3);

            assertThat(ping.allAnswered()).as("vm1 -> vm2 on VLAN 100: %s", ping.output()).isTrue();
            assertThat(hv1.appctl("fdb/show", Hypervisor.INTEGRATION_BRIDGE).lines())
                    .as("br-int of hv1 learned vm2 on VLAN 100")
                    .anyMatch(line -> line.contains(vm2.mac()) && line.matches("\\s*\\S+\\s+100\\s+.*"));
        }
    }
}
