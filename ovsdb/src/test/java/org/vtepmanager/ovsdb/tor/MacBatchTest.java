package org.vtepmanager.ovsdb.tor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MacBatchTest {

    private static final Duration FAST = MacBatch.TARGET.dividedBy(10);

    private final MacBatch batch = new MacBatch();

    @Test
    void aBatchStartsSmallAndDoublesWhileFullOnesAreAnsweredWithinHalfTheTargetUpToTheMaximum() {
        assertThat(batch.size()).isEqualTo(MacBatch.FIRST);
        batch.answered(MacBatch.FIRST, FAST, true);
        assertThat(batch.size()).isEqualTo(2 * MacBatch.FIRST);
        for (int i = 0; i < 20; i++) {
            batch.answered(batch.size(), FAST, true);
        }
        assertThat(batch.size()).isEqualTo(MacBatch.MAX);
    }

    @Test
    void aBatchThatWasNotFullOrTookOverHalfTheTargetTellsNothingAndKeepsTheSize() {
        batch.answered(MacBatch.FIRST - 1, FAST, true);
        batch.answered(MacBatch.FIRST, MacBatch.TARGET.dividedBy(2), true);
        batch.answered(MacBatch.FIRST, MacBatch.TARGET, true);
        assertThat(batch.size()).isEqualTo(MacBatch.FIRST);
    }

    @Test
    void aTransactionSlowerThanTheTargetShrinksTheBatchInProportionButNotBelowTheMinimum() {
        batch.answered(MacBatch.FIRST, FAST, true);
        batch.answered(2 * MacBatch.FIRST, MacBatch.TARGET.multipliedBy(4), true);
        assertThat(batch.size()).isEqualTo(MacBatch.FIRST / 2);
        batch.answered(0, MacBatch.TARGET.multipliedBy(1_000), true);
        assertThat(batch.size()).isEqualTo(MacBatch.MIN);
    }

    @Test
    void aFailureThatTookLongShrinksTheBatchAndAQuickOneNeitherShrinksNorGrowsIt() {
        batch.answered(MacBatch.FIRST, FAST, false);
        assertThat(batch.size()).as("a quick failure").isEqualTo(MacBatch.FIRST);
        batch.answered(MacBatch.FIRST, MacBatch.TARGET.multipliedBy(10), false);
        assertThat(batch.size()).as("one that may have outlasted the probe").isEqualTo(MacBatch.MIN);
    }
}
