package org.vtepmanager.core.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.Vni;

class VirtualNetworkTest {

    @Test
    void mtuIsWhatTheUnderlayCarriesUnlessSet() {
        VirtualNetwork derived = new VirtualNetwork(Vni.of(5000), "web", null, OptionalInt.empty());
        VirtualNetwork set = new VirtualNetwork(Vni.of(5001), "db", "", OptionalInt.of(1400));

        assertThat(derived.effectiveMtu(1450)).isEqualTo(1450);
        assertThat(derived.effectiveMtu(8950)).isEqualTo(8950);
        assertThat(set.effectiveMtu(1450)).isEqualTo(1400);
        assertThat(derived.description()).isEmpty();
    }

    @Test
    void refusesBlankNameAndOutOfRangeMtuNamingTheField() {
        assertThatThrownBy(() -> new VirtualNetwork(Vni.of(1), " ", "", OptionalInt.empty()))
                .hasMessageStartingWith("name: ");
        assertThatThrownBy(() -> new VirtualNetwork(Vni.of(1), "n", "", OptionalInt.of(67)))
                .hasMessage("mtu: 67 is out of range 68..9216");
        assertThatThrownBy(() -> new VirtualNetwork(Vni.of(1), "n", "x".repeat(257), OptionalInt.empty()))
                .hasMessage("description: is 257 characters; at most 256");
    }
}
