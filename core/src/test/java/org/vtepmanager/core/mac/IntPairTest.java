package org.vtepmanager.core.mac;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntPairTest {

    @Test
    void bothHalvesReadBackUnchangedWhateverTheirSigns() {
        int[] values = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0xFFFF_FFF8};
        for (int low : values) {
            for (int high : values) {
                long pair = IntPair.of(low, high);
                assertThat(IntPair.low(pair)).as("low of (%d, %d)", low, high).isEqualTo(low);
                assertThat(IntPair.high(pair)).as("high of (%d, %d)", low, high).isEqualTo(high);
            }
        }
    }
}
