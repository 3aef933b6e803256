package org.vtepmanager.core.mac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MacRecordsTest {

    private final MacRecords records = new MacRecords(3);

    @Test
    void keepsEachRecordsFlagsAndWordsThroughRandomClaimsRemovalsAndGrowth() {
        Map<Long, long[]> model = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            // A small key space forces collisions, removals inside probe chains and claims after removals.
            long mac = 0x0200_0000_0000L + random.nextInt(20_000);
            int record = records.find(mac);
            assertThat(record == MacRecords.NONE).isEqualTo(!model.containsKey(mac));
            if (record != MacRecords.NONE && random.nextInt(3) == 0) {
                records.remove(record);
                model.remove(mac);
            } else if (record == MacRecords.NONE) {
                long[] words = {i & MacRecords.MAX_FLAGS, random.nextLong(), random.nextLong()};
                record = records.claim(mac);
                records.setFlags(record, (int) words[0]);
                records.set(record, 1, words[1]);
                records.set(record, 2, words[2]);
                model.put(mac, words);
            }
        }

        assertThat(records.size()).isEqualTo(model.size());
        model.forEach((mac, words) -> {
            int record = records.find(mac);
            assertThat(record).isNotEqualTo(MacRecords.NONE);
            assertThat(new long[] {records.flags(record), records.get(record, 1), records.get(record, 2)})
                    .containsExactly(words);
        });
    }

    @Test
    void aClaimedRecordStartsWithNoFlagsAndZeroWordsWhereAnotherWasRemoved() {
        int first = records.claim(0x0200_0000_0001L);
        records.setFlags(first, MacRecords.MAX_FLAGS);
        records.set(first, 1, -1);
        records.set(first, 2, -1);
        records.remove(first);

        int second = records.claim(0x0200_0000_0001L);

        assertThat(second).isEqualTo(first);
        assertThat(records.flags(second)).isZero();
        assertThat(records.get(second, 1)).isZero();
        assertThat(records.get(second, 2)).isZero();
    }

    @Test
    void theAllZeroMacIsAKeyLikeAnyOther() {
        int record = records.claim(0);
        records.set(record, 1, 42);

        assertThat(records.find(0)).isEqualTo(record);
        assertThat(records.held(record)).isTrue();
        assertThat(records.get(records.find(0), 1)).isEqualTo(42);
    }

    @Test
    void refusesAKeyWiderThanAMacAndFlagsWiderThanFifteenBits() {
        int record = records.claim(0x0200_0000_0001L);

        assertThatThrownBy(() -> records.claim(1L << 48)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wider than 48 bits");
        assertThatThrownBy(() -> records.setFlags(record, MacRecords.MAX_FLAGS + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flags");
        assertThat(records.size()).isEqualTo(1);
    }

    @Test
    void itsArrayTakesAPowerOfTwoBytesAtMostAsItGrows() {
        MacRecords wide = new MacRecords(4);
        Set<Integer> lengths = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            wide.claim(0x0200_0000_0000L + i);
            lengths.add(wide.length());
        }

        assertThat(lengths).hasSizeGreaterThan(10);
        assertThat(lengths).allSatisfy(length -> assertThat(Integer.bitCount(length + 16)).isEqualTo(1));
        assertThat(wide.slots()).isGreaterThanOrEqualTo(50_000 * 4 / 3);
    }
}
