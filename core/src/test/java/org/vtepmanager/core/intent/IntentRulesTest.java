package org.vtepmanager.core.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vtepmanager.core.VtepKind.HARDWARE_VTEP;
import static org.vtepmanager.core.VtepKind.HYPERVISOR;
import static org.vtepmanager.core.intent.IntentFixtures.applyAll;
import static org.vtepmanager.core.intent.IntentFixtures.binding;
import static org.vtepmanager.core.intent.IntentFixtures.network;
import static org.vtepmanager.core.intent.IntentFixtures.portVlan;
import static org.vtepmanager.core.intent.IntentFixtures.staticMac;
import static org.vtepmanager.core.intent.IntentFixtures.vtep;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentException.Kind;

class IntentRulesTest {

    private final Intent base = applyAll(Intent.EMPTY, vtep("hv1", "192.0.2.1", "198.51.100.1"), network(5000),
            binding("hv1", "vm1", 0, 5000));

    @Test
    void everyChangeAdvancesTheRevisionAndVersionsTheRecordItWrote() {
        assertThat(base.revision()).isEqualTo(3);
        assertThat(base.networks().get(Vni.of(5000)).version()).isEqualTo(2);
        assertThat(base.bindings().get(portVlan("hv1", "vm1", 0)).version()).isEqualTo(3);
    }

    @Test
    void duplicateNetworkIsRefusedAsAlreadyExistingNamingTheVni() {
        assertThatThrownBy(() -> base.apply(network(5000))).isInstanceOfSatisfying(IntentException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.ALREADY_EXISTS);
            assertThat(e.field()).isEqualTo("vni");
        });
    }

    @Test
    void aNewNetworkNameWithAControlCharacterIsRefusedThoughOneAlreadyStoredStillLoads() {
        VirtualNetwork stored = new VirtualNetwork(Vni.of(6000), "a\nb", "", OptionalInt.empty());

        assertThatThrownBy(() -> base.apply(new IntentChange.CreateNetwork(stored)))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> base.apply(new IntentChange.UpdateNetwork(new VirtualNetwork(Vni.of(5000), "a\u0000",
                "", OptionalInt.empty()), IntentChange.ANY_VERSION)))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> base.apply(new IntentChange.CreateNetwork(new VirtualNetwork(Vni.of(6000), "web",
                "\u001b[31mred", OptionalInt.empty()))))
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.field()).isEqualTo("description"));
        assertThat(base.apply(new IntentChange.CreateNetwork(new VirtualNetwork(Vni.of(6000), "web",
                "front end\n\tand API", OptionalInt.empty()))).networks()).containsKey(Vni.of(6000));
    }

    @Test
    void deletingABoundNetworkIsRefusedListingTheBindingsThatHoldIt() {
        Intent twoBindings = base.apply(binding("hv1", "vm2", 7, 5000));

        assertThatThrownBy(() -> twoBindings.apply(new IntentChange.DeleteNetwork(Vni.of(5000))))
                .isInstanceOfSatisfying(IntentException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.IN_USE);
                    assertThat(e.heldBy()).containsExactly("hv1/vm1 vlan 0 -> vni 5000", "hv1/vm2 vlan 7 -> vni 5000");
                });
    }

    @Test
    void unboundNetworkCanBeDeleted() {
        Intent unbound = base.apply(new IntentChange.DeleteBinding(portVlan("hv1", "vm1", 0)))
                .apply(new IntentChange.DeleteNetwork(Vni.of(5000)));
        assertThat(unbound.networks()).isEmpty();
        assertThat(unbound.bindings()).isEmpty();
    }

    @Test
    void oneVlanOnOnePortMapsToOneVniButAVniMayBeBoundManyTimes() {
        Intent more = applyAll(base, network(6000), binding("hv1", "vm1", 10, 6000), binding("hv1", "vm2", 0, 5000),
                binding("hv1", "vm3", 0, 5000));
        assertThat(more.bindingsOf(Vni.of(5000))).hasSize(3);

        assertThatThrownBy(() -> more.apply(binding("hv1", "vm1", 0, 6000)))
                .isInstanceOfSatisfying(IntentException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.ALREADY_EXISTS);
                    assertThat(e.getMessage()).isEqualTo("vlan: hv1/vm1 vlan 0 is already bound to vni 5000");
                });
    }

    @Test
    void aNetworkReachesAPortOnOneVlanOnly() {
        assertThatThrownBy(() -> base.apply(binding("hv1", "vm1", 10, 5000)))
                .isInstanceOfSatisfying(IntentException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.ALREADY_EXISTS);
                    assertThat(e.getMessage()).isEqualTo("vlan: hv1/vm1 already carries vni 5000 on vlan 0: "
                            + "a network reaches a port on one VLAN only");
                });
    }

    @Test
    void bindingNamingAnUnknownVtepOrNetworkIsRefusedNamingTheField() {
        assertThatThrownBy(() -> base.apply(binding("hv9", "vm1", 0, 5000)))
                .hasMessage("vtep: unknown VTEP 'hv9'");
        assertThatThrownBy(() -> base.apply(binding("hv1", "vm1", 5, 7777)))
                .hasMessage("vni: no network 7777");
    }

    @Test
    void updateWithAStaleVersionIsRefusedAndWithTheCurrentOneApplied() {
        VirtualNetwork renamed = new VirtualNetwork(Vni.of(5000), "web", "front end", OptionalInt.of(1400));
        assertThatThrownBy(() -> base.apply(new IntentChange.UpdateNetwork(renamed, 1)))
                .isInstanceOfSatisfying(IntentException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.VERSION_MISMATCH));

        Intent updated = base.apply(new IntentChange.UpdateNetwork(renamed, 2));
        assertThat(updated.networks().get(Vni.of(5000))).isEqualTo(new Versioned<>(renamed, 4));
    }

    @Test
    void ovsdbTargetAndTunnelIpBelongToOneVtepOnly() {
        assertThatThrownBy(() -> base.apply(vtep("hv2", "192.0.2.1", null)))
                .hasMessage("ovsdbTarget: tcp:192.0.2.1:6640 is already registered as VTEP 'hv1'");
        assertThatThrownBy(() -> base.apply(vtep("hv2", "192.0.2.2", "198.51.100.1")))
                .hasMessageStartingWith("tunnelIp: 198.51.100.1 is already");
        assertThatThrownBy(() -> base.apply(vtep("hv1", "192.0.2.3", null))).hasMessageStartingWith("id: ");
    }

    @Test
    void aVtepsTargetAndTunnelIpChangeWhileItsBindingsStay() {
        Intent updated = base.apply(update("hv1", HYPERVISOR, "192.0.2.9", null, 1));

        Vtep hv1 = updated.vteps().get(VtepId.of("hv1")).value();
        assertThat(hv1.ovsdbTarget()).hasValue(OvsdbAddress.parse("tcp:192.0.2.9"));
        assertThat(hv1.tunnelIp()).isEmpty();
        assertThat(updated.vteps().get(VtepId.of("hv1")).version()).isEqualTo(4);
        assertThat(updated.bindings()).isEqualTo(base.bindings());
    }

    @Test
    void aVtepUpdateIsRefusedNamingTheFieldWhenItWouldChangeWhatTheVtepIs() {
        Intent withHv2 = base.apply(vtep("hv2", "192.0.2.2", "198.51.100.2"));

        assertThatThrownBy(() -> base.apply(update("hv9", HYPERVISOR, "192.0.2.9", null, IntentChange.ANY_VERSION)))
                .isInstanceOfSatisfying(IntentException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> base.apply(update("hv1", HYPERVISOR, "192.0.2.9", null, 3)))
                .isInstanceOfSatisfying(IntentException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.VERSION_MISMATCH));
        assertThatThrownBy(() -> base.apply(update("hv1", HARDWARE_VTEP, "192.0.2.1", null, 1)))
                .hasMessage("kind: VTEP 'hv1' is a hypervisor; a VTEP's kind cannot change: delete it and register "
                        + "it again");
        assertThatThrownBy(() -> base.apply(update("hv1", HYPERVISOR, null, null, 1)))
                .hasMessage("ovsdbTarget: is required: the manager dials VTEP 'hv1'");
        assertThatThrownBy(() -> withHv2.apply(update("hv1", HYPERVISOR, "192.0.2.2", null, 1)))
                .hasMessage("ovsdbTarget: tcp:192.0.2.2:6640 is already registered as VTEP 'hv2'");
        assertThatThrownBy(() -> withHv2.apply(update("hv1", HYPERVISOR, "192.0.2.1", "198.51.100.2", 1)))
                .hasMessage("tunnelIp: 198.51.100.2 is already the tunnel IP of VTEP 'hv2'");
    }

    @Test
    void aVtepThatDialsTheManagerTakesATunnelIpButNoTarget() {
        Intent dialsIn = base.apply(new IntentChange.RegisterVtep(new Vtep(VtepId.of("hv5"), HYPERVISOR,
                Optional.empty(), Optional.empty())));

        assertThat(dialsIn.apply(update("hv5", HYPERVISOR, null, "198.51.100.5", 4)).vteps().get(VtepId.of("hv5"))
                .value().tunnelIp()).hasValue(TunnelIp.parse("198.51.100.5"));
        assertThatThrownBy(() -> dialsIn.apply(update("hv5", HYPERVISOR, "192.0.2.5", null, 4)))
                .hasMessageStartingWith("ovsdbTarget: VTEP 'hv5' dials the manager, so it takes none");
    }

    private static IntentChange update(String id, VtepKind kind, String ip, String tunnelIp, long version) {
        return new IntentChange.UpdateVtep(new Vtep(VtepId.of(id), kind,
                Optional.ofNullable(ip).map(t -> OvsdbAddress.parse("tcp:" + t)),
                Optional.ofNullable(tunnelIp).map(TunnelIp::parse)), version);
    }

    @Test
    void aBindingMovesToAnotherNetworkUnlessAStaticMacOfItsOwnHoldsIt() {
        Intent twoNetworks = base.apply(network(6000));
        IntentChange move = new IntentChange.UpdateBinding(new VlanBinding(portVlan("hv1", "vm1", 0), Vni.of(6000)),
                IntentChange.ANY_VERSION);

        assertThat(twoNetworks.apply(move).bindings().get(portVlan("hv1", "vm1", 0)))
                .isEqualTo(new Versioned<>(new VlanBinding(portVlan("hv1", "vm1", 0), Vni.of(6000)), 5));
        Intent pinned = twoNetworks.apply(staticMac(5000, "02:00:00:00:00:01",
                new MacLocation.Local(portVlan("hv1", "vm1", 0))));
        assertThatThrownBy(() -> pinned.apply(move)).isInstanceOfSatisfying(IntentException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.IN_USE);
            assertThat(e.heldBy()).containsExactly("static vni 5000 mac 02:00:00:00:00:01");
        });
    }

    @Test
    void aBindingMoveIsRefusedNamingTheFieldWhenItsBindingOrNetworkIsMissingOrItsVersionMoved() {
        Intent onTwoVlans = applyAll(base, network(6000), binding("hv1", "vm1", 7, 6000));

        assertThatThrownBy(() -> base.apply(moveTo("hv1", "vm9", 0, 5000, IntentChange.ANY_VERSION)))
                .hasMessage("port: no binding on hv1/vm9 vlan 0");
        assertThatThrownBy(() -> base.apply(moveTo("hv1", "vm1", 0, 7000, IntentChange.ANY_VERSION)))
                .hasMessage("vni: no network 7000");
        assertThatThrownBy(() -> base.apply(moveTo("hv1", "vm1", 0, 5000, 2)))
                .isInstanceOfSatisfying(IntentException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.VERSION_MISMATCH));
        assertThatThrownBy(() -> onTwoVlans.apply(moveTo("hv1", "vm1", 0, 6000, IntentChange.ANY_VERSION)))
                .isInstanceOfSatisfying(IntentException.class, e -> assertThat(e.field()).isEqualTo("vlan"));
    }

    private static IntentChange moveTo(String vtep, String port, int vlan, int vni, long version) {
        return new IntentChange.UpdateBinding(new VlanBinding(portVlan(vtep, port, vlan), Vni.of(vni)), version);
    }

    @Test
    void vtepWithBindingsCannotBeDeleted() {
        assertThatThrownBy(() -> base.apply(new IntentChange.DeleteVtep(VtepId.of("hv1"))))
                .isInstanceOfSatisfying(IntentException.class, e -> assertThat(e.heldBy()).hasSize(1));
    }

    @Test
    void localStaticMacNeedsItsPortVlanBoundToTheSameNetwork() {
        MacLocation bound = new MacLocation.Local(portVlan("hv1", "vm1", 0));
        MacLocation unbound = new MacLocation.Local(portVlan("hv1", "vm1", 9));

        Intent pinned = base.apply(staticMac(5000, "02:00:00:00:00:01", bound));
        assertThat(pinned.staticMacs()).hasSize(1);
        assertThatThrownBy(() -> base.apply(staticMac(5000, "02:00:00:00:00:01", unbound)))
                .hasMessage("port: hv1/vm1 vlan 9 is not bound to vni 5000");
        assertThatThrownBy(() -> pinned.apply(staticMac(5000, "02:00:00:00:00:01", bound)))
                .hasMessageStartingWith("mac: static vni 5000 mac 02:00:00:00:00:01 already exists");
        assertThatThrownBy(() -> pinned.apply(new IntentChange.DeleteBinding(portVlan("hv1", "vm1", 0))))
                .isInstanceOfSatisfying(IntentException.class, e -> assertThat(e.kind()).isEqualTo(Kind.IN_USE));
    }
}
