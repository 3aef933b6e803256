package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.PortVlan;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.core.intent.VlanBinding;

/** A ToR port VLAN moved to another network is rebound in place on a real hardware_vtep server. */
class TorBindingMoveTest extends DialInSouthboundTest {

    @Test
    void aMovedPortVlanIsBoundToTheOtherLogicalSwitchAndTheOneNoLongerBoundGoes() {
        RealOvsdbServer tor = track(RealOvsdbServer.hardwareVtep("192.0.2.31", "p1"));
        southbound.registerTor("tor1", tor.unixTarget());
        for (int vni : new int[] {5000, 6000}) {
            southbound.store.apply(new IntentChange.CreateNetwork(new VirtualNetwork(Vni.of(vni), "net-" + vni, "",
                    OptionalInt.empty())));
        }
        southbound.bind("tor1", "p1", 100, 5000);
        assertThatEventually(CONVERGE, () -> tor.vtepctl("list-bindings", "br0", "p1"),
                bindings -> assertThat(bindings).contains("0100 vtep-manager-5000"));

        southbound.store.apply(new IntentChange.UpdateBinding(new VlanBinding(new PortVlan(VtepId.of("tor1"),
                PortName.of("p1"), VlanId.of(100)), Vni.of(6000)), IntentChange.ANY_VERSION));

        assertThatEventually(CONVERGE, () -> tor.vtepctl("list-bindings", "br0", "p1"),
                bindings -> assertThat(bindings.strip()).isEqualTo("0100 vtep-manager-6000"));
        assertThatEventually(CONVERGE, () -> tor.vtepctl("list-ls"),
                switches -> assertThat(switches).contains("vtep-manager-6000").doesNotContain("vtep-manager-5000"));
    }
}
