package org.vtepmanager.core.mac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.PortName;
import org.vtepmanager.core.VlanId;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.MacLocation;

class MacTableTest {

    private static final long MAC = 0x0200_0000_0001L;
    private static final MacLocation VM1 = local("hv1", "vm1");
    private static final MacLocation VM2 = local("hv2", "vm2");
    private static final MacLocation TOR = new MacLocation.Remote(VtepId.of("tor1"));

    /** 3 moves per 10 s window, held 60 s; 300 s aging; 4 MACs per port, 6 per network. */
    private final MacTableConfig config = new MacTableConfig(Duration.ofSeconds(300), 3, Duration.ofSeconds(10),
            Duration.ofSeconds(60), 4, 6);
    private final MacTable table = new MacTable(Vni.of(5000), config);

    private static MacLocation local(String vtep, String port) {
        return MacLocation.Local.of(VtepId.of(vtep), PortName.of(port), VlanId.UNTAGGED);
    }

    @Test
    void learnsRefreshesAndMovesCountingTheMove() {
        assertThat(table.learn(MAC, VM1, MacSource.LEARNED, 1_000)).isEqualTo(LearnOutcome.LEARNED);
        assertThat(table.learn(MAC, VM1, MacSource.LEARNED, 2_000)).isEqualTo(LearnOutcome.REFRESHED);
        assertThat(table.learn(MAC, VM2, MacSource.LEARNED, 3_000)).isEqualTo(LearnOutcome.MOVED);

        MacEntry entry = table.lookup(MAC).orElseThrow();
        assertThat(entry.location()).isEqualTo(VM2);
        assertThat(entry.lastSeenMillis()).isEqualTo(3_000);
        assertThat(entry.moves()).isEqualTo(1);
        assertThat(entry.mac()).hasToString("02:00:00:00:00:01");
    }

    @Test
    void moreMovesThanAllowedInTheWindowFreezeTheEntryForTheHoldTime() {
        table.learn(MAC, VM1, MacSource.LEARNED, 0);
        for (int i = 1; i <= 3; i++) {
            assertThat(table.learn(MAC, i % 2 == 1 ? VM2 : VM1, MacSource.LEARNED, i * 100L))
                    .isEqualTo(LearnOutcome.MOVED);
        }
        assertThat(table.learn(MAC, VM1, MacSource.LEARNED, 400)).isEqualTo(LearnOutcome.DAMPED);
        assertThat(table.learn(MAC, VM1, MacSource.LEARNED, 30_000)).isEqualTo(LearnOutcome.DAMPED);

        assertThat(table.lookup(MAC).orElseThrow().location()).as("frozen where it was").isEqualTo(VM2);
        assertThat(table.refusedMoves()).isEqualTo(2);
        assertThat(table.lookup(MAC).orElseThrow().dampedUntilMillis()).isEqualTo(60_400);
        assertThat(table.learn(MAC, VM1, MacSource.LEARNED, 60_400)).as("hold over, new window")
                .isEqualTo(LearnOutcome.MOVED);
    }

    @Test
    void theFirstMoveAfterAHoldShorterThanTheWindowIsAllowedNotDampedAgain() {
        MacTable shortHold = new MacTable(Vni.of(5000), new MacTableConfig(Duration.ofSeconds(300), 3,
                Duration.ofSeconds(60), Duration.ofSeconds(10), 4, 6));
        shortHold.learn(MAC, VM1, MacSource.LEARNED, 0);
        for (int i = 1; i <= 3; i++) {
            shortHold.learn(MAC, i % 2 == 1 ? VM2 : VM1, MacSource.LEARNED, i * 100L);
        }
        assertThat(shortHold.learn(MAC, VM1, MacSource.LEARNED, 400)).isEqualTo(LearnOutcome.DAMPED);

        assertThat(shortHold.learn(MAC, VM1, MacSource.LEARNED, 10_400)).as("hold over, within the first window")
                .isEqualTo(LearnOutcome.MOVED);
        assertThat(shortHold.lookup(MAC).orElseThrow().dampedUntilMillis()).isZero();
        assertThat(shortHold.learn(MAC, VM2, MacSource.LEARNED, 10_500)).isEqualTo(LearnOutcome.MOVED);
        assertThat(shortHold.learn(MAC, VM1, MacSource.LEARNED, 10_600)).isEqualTo(LearnOutcome.MOVED);
        assertThat(shortHold.learn(MAC, VM2, MacSource.LEARNED, 10_700)).as("a new flap is damped as the first was")
                .isEqualTo(LearnOutcome.DAMPED);
    }

    @Test
    void movesSpreadOverSeveralWindowsAreNeverDamped() {
        table.learn(MAC, VM1, MacSource.LEARNED, 0);
        for (int i = 1; i <= 20; i++) {
            assertThat(table.learn(MAC, i % 2 == 1 ? VM2 : VM1, MacSource.LEARNED, i * 4_000L))
                    .isEqualTo(LearnOutcome.MOVED);
        }
        assertThat(table.lookup(MAC).orElseThrow().moves()).isEqualTo(20);
    }

    @Test
    void aForgottenMacLearnedAgainStartsWithoutItsMoveHistory() {
        table.learn(MAC, VM1, MacSource.LEARNED, 0);
        for (int i = 1; i <= 4; i++) {
            table.learn(MAC, i % 2 == 1 ? VM2 : VM1, MacSource.LEARNED, i * 100L);
        }
        assertThat(table.lookup(MAC).orElseThrow().dampedUntilMillis()).isEqualTo(60_400);

        table.remove(MAC);

        assertThat(table.learn(MAC, VM1, MacSource.LEARNED, 500)).isEqualTo(LearnOutcome.LEARNED);
        assertThat(table.lookup(MAC).orElseThrow().moves()).isZero();
        assertThat(table.lookup(MAC).orElseThrow().dampedUntilMillis()).isZero();
        assertThat(table.learn(MAC, VM2, MacSource.LEARNED, 600)).as("not damped any more")
                .isEqualTo(LearnOutcome.MOVED);
    }

    @Test
    void moveHistoriesStayWithTheirMacsAsBothTablesGrow() {
        MacTable big = new MacTable(Vni.of(1), new MacTableConfig(Duration.ofSeconds(300), 3, Duration.ofSeconds(10),
                Duration.ofSeconds(60), 1_000_000, 1_000_000));
        for (int i = 0; i < 10_000; i++) {
            big.learn(MAC + i, VM1, MacSource.LEARNED, 0);
            for (int move = 1; move <= i % 3; move++) {
                big.learn(MAC + i, move % 2 == 1 ? VM2 : VM1, MacSource.LEARNED, move);
            }
        }

        for (int i = 0; i < 10_000; i += 7) {
            assertThat(big.lookup(MAC + i).orElseThrow().moves()).as("moves of MAC %d", i).isEqualTo(i % 3);
        }
    }

    @Test
    void staticEntryIsNeverMovedByLearning() {
        table.putStatic(MAC, VM1, 0);
        assertThat(table.learn(MAC, VM2, MacSource.LEARNED, 1)).isEqualTo(LearnOutcome.STATIC_PINNED);
        assertThat(table.lookup(MAC).orElseThrow().location()).isEqualTo(VM1);
        assertThat(table.lookup(MAC).orElseThrow().source()).isEqualTo(MacSource.STATIC);
        assertThatThrownBy(() -> table.learn(MAC, VM1, MacSource.STATIC, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("source: ");
    }

    @Test
    void portLimitRefusesTheNextMacOnThatPortOnly() {
        for (int i = 0; i < 4; i++) {
            assertThat(table.learn(MAC + i, VM1, MacSource.LEARNED, 0)).isEqualTo(LearnOutcome.LEARNED);
        }
        assertThat(table.learn(MAC + 4, VM1, MacSource.LEARNED, 0)).isEqualTo(LearnOutcome.PORT_FULL);
        assertThat(table.learn(MAC + 4, VM2, MacSource.LEARNED, 0)).isEqualTo(LearnOutcome.LEARNED);
        assertThat(table.learn(MAC + 4, VM1, MacSource.LEARNED, 0)).as("a move into a full port")
                .isEqualTo(LearnOutcome.PORT_FULL);
        table.remove(MAC);
        assertThat(table.learn(MAC + 5, VM1, MacSource.LEARNED, 0)).as("room again").isEqualTo(LearnOutcome.LEARNED);
    }

    @Test
    void networkLimitRefusesNewMacsButStillRefreshesKnownOnes() {
        for (int i = 0; i < 6; i++) {
            table.learn(MAC + i, TOR, MacSource.HARDWARE_VTEP, 0);
        }
        assertThat(table.learn(MAC + 6, VM1, MacSource.LEARNED, 0)).isEqualTo(LearnOutcome.VNI_FULL);
        assertThat(LearnOutcome.VNI_FULL.reason()).contains("network");
        assertThat(table.learn(MAC, TOR, MacSource.HARDWARE_VTEP, 5)).isEqualTo(LearnOutcome.REFRESHED);
        assertThat(table.size()).isEqualTo(6);
    }

    @Test
    void behavesLikeAMapUnderRandomLearnsAndRemovesAcrossResizes() {
        MacTable big = new MacTable(Vni.of(1), new MacTableConfig(Duration.ofSeconds(300), 3, Duration.ofSeconds(10),
                Duration.ofSeconds(60), 1_000_000, 1_000_000));
        Map<Long, MacLocation> model = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            // A small key space forces collisions, removals inside probe chains and re-learns.
            long mac = 0x0200_0000_0000L + random.nextInt(20_000);
            if (random.nextInt(3) == 0) {
                assertThat(big.remove(mac)).isEqualTo(model.remove(mac) != null);
            } else if (!model.containsKey(mac)) {
                MacLocation where = random.nextBoolean() ? VM1 : TOR;
                big.learn(mac, where, MacSource.LEARNED, i);
                model.put(mac, where);
            }
        }
        assertThat(big.size()).isEqualTo(model.size());
        model.forEach((mac, where) -> assertThat(big.lookup(mac)).hasValueSatisfying(
                e -> assertThat(e.location()).isEqualTo(where)));
    }
}
