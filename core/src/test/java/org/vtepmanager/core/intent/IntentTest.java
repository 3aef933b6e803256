package org.vtepmanager.core.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.core.intent.IntentFixtures.applyAll;
import static org.vtepmanager.core.intent.IntentFixtures.binding;
import static org.vtepmanager.core.intent.IntentFixtures.network;
import static org.vtepmanager.core.intent.IntentFixtures.vtep;

import org.junit.jupiter.api.Test;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.VtepId;

class IntentTest {

    private final Intent intent = applyAll(Intent.EMPTY, vtep("hv1", "192.0.2.1", null),
            vtep("hv10", "192.0.2.10", null), vtep("hv2", "192.0.2.2", null), network(5000), network(5001),
            binding("hv1", "vm1", 0, 5000), binding("hv1", "vm1", 10, 5001), binding("hv1", "!", 7, 5000),
            binding("hv1", "vm10", 0, 5000), binding("hv10", "vm1", 0, 5000), binding("hv2", "!", 0, 5000));

    @Test
    void theBindingsOnAVtepOrAPortAreExactlyTheirsWhateverSortsNextToThem() {
        assertThat(intent.bindingsOn(VtepId.of("hv1"))).map(VlanBinding::toString).containsExactly(
                "hv1/! vlan 7 -> vni 5000", "hv1/vm1 vlan 0 -> vni 5000", "hv1/vm1 vlan 10 -> vni 5001",
                "hv1/vm10 vlan 0 -> vni 5000");
        assertThat(intent.bindingsOn(VtepId.of("hv10"))).map(VlanBinding::toString)
                .containsExactly("hv10/vm1 vlan 0 -> vni 5000");
        assertThat(intent.bindingsOn(VtepId.of("hv3"))).isEmpty();
        assertThat(intent.bindingsOn(VtepId.of("hv1"), PortName.of("vm1"))).map(VlanBinding::toString)
                .containsExactly("hv1/vm1 vlan 0 -> vni 5000", "hv1/vm1 vlan 10 -> vni 5001");
        assertThat(intent.bindingsOn(VtepId.of("hv2"), PortName.of("!"))).hasSize(1);
        assertThat(intent.bindingsOn(VtepId.of("hv2"), PortName.of("vm1"))).isEmpty();
    }

    @Test
    void aChangeCopiesTheOneTableItChangesAndSharesTheOthers() {
        Intent next = intent.apply(binding("hv2", "vm2", 0, 5001));

        assertThat(next.networks()).isSameAs(intent.networks());
        assertThat(next.vteps()).isSameAs(intent.vteps());
        assertThat(next.staticMacs()).isSameAs(intent.staticMacs());
        assertThat(next.bindings()).hasSize(intent.bindings().size() + 1);
        assertThat(intent.bindings()).as("the intent before is unchanged")
                .doesNotContainKey(IntentFixtures.portVlan("hv2", "vm2", 0));
    }
}
