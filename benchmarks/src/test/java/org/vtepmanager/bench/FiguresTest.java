package org.vtepmanager.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void eachFigureIsItsMedianOverTheRoundsAndUnansweredPacketInsAreSummed() {
        Figures figures = rounds(
                Map.of("ours_n1_learn_per_s", 200_000.0, "ours_n1_unanswered", 0.0),
                Map.of("ours_n1_learn_per_s", 90_000.0, "ours_n1_unanswered", 3.0),
                Map.of("ours_n1_learn_per_s", 210_000.0, "ours_n1_unanswered", 1.0));

        Map<String, Double> combined = figures.combined();

        assertThat(combined).containsEntry("ours_n1_learn_per_s", 200_000.0).containsEntry("ours_n1_unanswered", 4.0);
        assertThat(figures.range("ours_n1_learn_per_s")).containsExactly(90_000.0, 210_000.0);
    }

    @Test
    void aFigureMeasuredInSomeRoundsIsCombinedOverThoseAlone() {
        Figures figures = rounds(Map.of("ours_n16_heap_bytes_per_mac", 2_000.0), Map.of(),
                Map.of("ours_n16_heap_bytes_per_mac", 2_100.0));

        assertThat(figures.combined()).containsOnly(Map.entry("ours_n16_heap_bytes_per_mac", 2_050.0));
    }

    @Test
    void oneRoundFarFromTheOthersDoesNotTurnAVerdict() {
        Figures figures = rounds(
                Map.of(Figures.ratioKey(16), 2.2, Figures.LEARNS_64_OVER_16, 0.95, "ours_n1_p99_us", 90.0),
                Map.of(Figures.ratioKey(16), 0.9, Figures.LEARNS_64_OVER_16, 1.40, "ours_n1_p99_us", 4_000.0),
                Map.of(Figures.ratioKey(16), 2.1, Figures.LEARNS_64_OVER_16, 0.60, "ours_n1_p99_us", 110.0));

        Map<String, String> verdicts = figures.targets(List.of(1, 16, 64), 0.9);

        assertThat(verdicts).containsEntry("target_2x", "yes").containsEntry("target_2x_n16", "yes")
                .containsEntry("target_p99_1ms", "yes").containsEntry("target_flat_16_64", "yes")
                .doesNotContainKey("target_2x_n1");
    }

    @Test
    void aMedianBelowTheTargetFailsIt() {
        Figures figures = rounds(
                Map.of(Figures.ratioKey(1), 4.0, Figures.ratioKey(16), 1.9, Figures.FLOWMODS_64_OVER_16, 0.8),
                Map.of(Figures.ratioKey(1), 4.1, Figures.ratioKey(16), 2.4, Figures.FLOWMODS_64_OVER_16, 0.85),
                Map.of(Figures.ratioKey(1), 3.9, Figures.ratioKey(16), 1.8, Figures.FLOWMODS_64_OVER_16, 1.2));

        Map<String, String> verdicts = figures.targets(List.of(1, 16, 64), 0.9);

        assertThat(verdicts).containsEntry("target_2x", "no").containsEntry("target_2x_n1", "yes")
                .containsEntry("target_2x_n16", "no").containsEntry("flowmods_flat_16_64", "no");
    }

    @Test
    void targetsNotMeasuredReadNotApplicable() {
        Figures figures = rounds(Map.of("ours_n1_learn_per_s", 200_000.0));

        assertThat(figures.targets(List.of(1), 0.9)).containsEntry("target_2x", "n/a")
                .containsEntry("target_p99_1ms", "n/a").containsEntry("target_flat_16_64", "n/a")
                .containsEntry("flat_16_64_fixed_total", "n/a").containsEntry("flowmods_flat_16_64", "n/a");
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Figures.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Figures.median(new double[] {5})).isEqualTo(5);
    }

    @Test
    void aFigureBeforeAnyRoundIsRefused() {
        assertThatThrownBy(() -> new Figures().put("ours_n1_learn_per_s", 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no round");
    }

    @SafeVarargs
    private static Figures rounds(Map<String, Double>... rounds) {
        Figures figures = new Figures();
        for (Map<String, Double> round : rounds) {
            figures.startRound();
            round.forEach(figures::put);
        }
        return figures;
    }
}
