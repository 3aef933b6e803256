package org.vtepmanager.ofcontroller.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MacChainIndexTest {

    @Test
    void holdsWhatAHashMapHoldsThroughGrowingAndShrinking() {
        MacChainIndex index = new MacChainIndex();
        Map<Long, Long> expected = new HashMap<>();
        Set<Integer> lengths = new HashSet<>();
        Random random = new Random(7);
        List<Long> keys = new ArrayList<>(List.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
        for (int i = 0; i < 20_000; i++) {
            keys.add(random.nextLong());
        }
        for (int step = 0; step < 300_000; step++) {
            // Two rounds of filling and emptying: the index grows to hold 20,000 keys and shrinks back.
            boolean filling = (step / 75_000) % 2 == 0;
            long key = keys.get(random.nextInt(keys.size()));
            int operation = random.nextInt(10);
            if (operation < (filling ? 6 : 2)) {
                long head = anyHead(random);
                Long held = expected.putIfAbsent(key, head);
                assertThat(index.putIfAbsent(key, head)).isEqualTo(held == null ? MacChainIndex.ABSENT : held);
            } else if (operation < 7 && expected.containsKey(key)) {
                long head = anyHead(random);
                expected.put(key, head);
                index.replace(key, head);
            } else {
                expected.remove(key);
                index.remove(key);
            }
            assertThat(index.get(key)).isEqualTo(expected.getOrDefault(key, MacChainIndex.ABSENT));
            lengths.add(index.cellCount());
        }

        assertThat(index.size()).isEqualTo(expected.size());
        expected.forEach((key, head) -> assertThat(index.get(key)).as(Long.toHexString(key)).isEqualTo(head));
        Map<Long, Long> listed = new HashMap<>();
        index.forEach(listed::put);
        assertThat(listed).isEqualTo(expected);
        assertThat(lengths).hasSizeGreaterThan(8);
    }

    /** Any long but {@link MacChainIndex#ABSENT}: a table's heads use every bit. */
    private static long anyHead(Random random) {
        long head = random.nextLong();
        return head == MacChainIndex.ABSENT ? 1 : head;
    }

    @Test
    void aHeadOfZeroIsRefusedBecauseItMarksAFreeSlot() {
        MacChainIndex index = new MacChainIndex();
        index.putIfAbsent(7, 3);

        assertThatThrownBy(() -> index.putIfAbsent(8, MacChainIndex.ABSENT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.replace(7, MacChainIndex.ABSENT)).isInstanceOf(IllegalArgumentException.class);
        assertThat(index.get(7)).isEqualTo(3);
        assertThat(index.get(8)).isEqualTo(MacChainIndex.ABSENT);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void manyKeysLookedUpAtOnceGiveWhatEachGivesAloneHeldOrNot() {
        MacChainIndex index = new MacChainIndex();
        Random random = new Random(11);
        long[] keys = new long[5_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = random.nextLong();
            if (i % 3 != 0) {
                index.putIfAbsent(keys[i], Long.MIN_VALUE | i);
            }
        }
        long[] heads = new long[keys.length];

        index.getAll(keys, heads);

        for (int i = 0; i < keys.length; i++) {
            assertThat(heads[i]).as("key %d", i).isEqualTo(i % 3 == 0 ? MacChainIndex.ABSENT : Long.MIN_VALUE | i)
                    .isEqualTo(index.get(keys[i]));
        }
    }

    @Test
    void itsArrayLengthIsAPowerOfTwoLessAnArrayHeaderAtEverySizeAndShrinksWhenEmptied() {
        MacChainIndex index = new MacChainIndex();
        Set<Integer> lengths = new HashSet<>();
        for (long key = 0; key < 100_000; key++) {
            index.putIfAbsent(key, key + 1);
            lengths.add(index.cellCount());
        }
        for (long key = 0; key < 100_000; key++) {
            index.remove(key);
            lengths.add(index.cellCount());
        }

        assertThat(index.size()).isZero();
        assertThat(index.cellCount()).as("shrunk back").isLessThan(1_000);
        assertThat(lengths).hasSizeGreaterThan(10).allMatch(length -> Integer.bitCount(length + 16) == 1);
    }

    @Test
    void everyHeadCanBeRewrittenInOnePass() {
        MacChainIndex index = new MacChainIndex();
        for (long key = 1; key <= 1_000; key++) {
            index.putIfAbsent(key * 31, key);
        }

        index.updateHeads(head -> head + 5);

        for (long key = 1; key <= 1_000; key++) {
            assertThat(index.get(key * 31)).isEqualTo(key + 5);
        }
    }
}
