package org.vtepmanager.core.intent;

import java.util.Optional;
import java.util.OptionalInt;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;

/** Short builders for intent records in tests. */
public final class IntentFixtures {

    private IntentFixtures() {
    }

    public static IntentChange network(int vni) {
        return new IntentChange.CreateNetwork(new VirtualNetwork(Vni.of(vni), "net-" + vni, "", OptionalInt.empty()));
    }

    /** A hypervisor at {@code tcp:IP:6640} whose tunnel IP is {@code tunnelIp} (null: to be observed). */
    public static IntentChange vtep(String id, String ip, String tunnelIp) {
        return new IntentChange.RegisterVtep(new Vtep(VtepId.of(id), VtepKind.HYPERVISOR,
                Optional.of(OvsdbAddress.parse("tcp:" + ip)), Optional.ofNullable(tunnelIp).map(TunnelIp::parse)));
    }

    public static PortVlan portVlan(String vtep, String port, int vlan) {
        return new PortVlan(VtepId.of(vtep), PortName.of(port), VlanId.of(vlan));
    }

    public static IntentChange binding(String vtep, String port, int vlan, int vni) {
        return new IntentChange.CreateBinding(new VlanBinding(portVlan(vtep, port, vlan), Vni.of(vni)));
    }

    public static IntentChange staticMac(int vni, String mac, MacLocation location) {
        return new IntentChange.AddStaticMac(new StaticMac(Vni.of(vni), MacAddress.parse(mac), location));
    }

    public static Intent applyAll(Intent intent, IntentChange... changes) {
        Intent result = intent;
        for (IntentChange change : changes) {
            result = result.apply(change);
        }
        return result;
    }
}
