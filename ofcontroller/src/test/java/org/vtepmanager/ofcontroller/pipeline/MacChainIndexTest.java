package org.vtepmanager.ofcontroller.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

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
        Map<Long, Integer> expected = new HashMap<>();
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
                int first = random.nextInt(1_000_000);
                Integer held = expected.putIfAbsent(key, first);
                assertThat(index.putIfAbsent(key, first)).isEqualTo(held == null ? MacChainIndex.NONE : held);
            } else if (operation < 7 && expected.containsKey(key)) {
                int first = random.nextInt(1_000_000);
                expected.put(key, first);
                index.replace(key, first);
            } else {
                expected.remove(key);
                index.remove(key);
            }
            assertThat(index.get(key)).isEqualTo(expected.getOrDefault(key, MacChainIndex.NONE));
            lengths.add(index.cellCount());
        }

        assertThat(index.size()).isEqualTo(expected.size());
        expected.forEach((key, first) -> assertThat(index.get(key)).as(Long.toHexString(key)).isEqualTo(first));
        List<Integer> firsts = new ArrayList<>();
        index.forEachFirst(firsts::add);
        assertThat(firsts).containsExactlyInAnyOrderElementsOf(expected.values());
        assertThat(lengths).hasSizeGreaterThan(8);
    }

    @Test
    void manyKeysLookedUpAtOnceGiveWhatEachGivesAloneHeldOrNot() {
        MacChainIndex index = new MacChainIndex();
        Random random = new Random(11);
        long[] keys = new long[5_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = random.nextLong();
            if (i % 3 != 0) {
                index.putIfAbsent(keys[i], i);
            }
        }
        int[] firsts = new int[keys.length];

        index.getAll(keys, firsts);

        for (int i = 0; i < keys.length; i++) {
            assertThat(firsts[i]).as("key %d", i).isEqualTo(i % 3 == 0 ? MacChainIndex.NONE : i)
                    .isEqualTo(index.get(keys[i]));
        }
    }

    @Test
    void itsArrayLengthIsAPowerOfTwoLessAnArrayHeaderAtEverySizeAndShrinksWhenEmptied() {
        MacChainIndex index = new MacChainIndex();
        Set<Integer> lengths = new HashSet<>();
        for (long key = 0; key < 100_000; key++) {
            index.putIfAbsent(key, (int) key);
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
    void everyFirstEntryCanBeRewrittenInOnePass() {
        MacChainIndex index = new MacChainIndex();
        for (long key = 1; key <= 1_000; key++) {
            index.putIfAbsent(key * 31, (int) key);
        }

        index.updateFirsts(first -> first + 5);

        for (long key = 1; key <= 1_000; key++) {
            assertThat(index.get(key * 31)).isEqualTo(key + 5);
        }
    }
}
