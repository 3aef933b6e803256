package org.vtepmanager.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VniTest {

    @Test
    void acceptsTheWholeTwentyFourBitRangeExceptZero() {
        assertThat(Vni.of(1).value()).isEqualTo(1);
        assertThat(Vni.of(16_777_215).value()).isEqualTo(16_777_215);
    }

    @Test
    void rejectsZeroAndValuesBeyondTwentyFourBitsNamingTheRange() {
        assertThatThrownBy(() -> Vni.of(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..16777215");
        assertThatThrownBy(() -> Vni.of(16_777_216)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Vni.of(-5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ordersNumerically() {
        assertThat(Vni.of(5000)).isLessThan(Vni.of(6000));
    }
}
