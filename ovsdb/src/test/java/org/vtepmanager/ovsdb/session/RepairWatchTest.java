package org.vtepmanager.ovsdb.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RepairWatchTest {

    private static final List<String> PORT_BACK = List.of("tunnel port vx0a000002 to 10.0.0.2 added");

    private final RepairWatch<String> watch = new RepairWatch<>("hv1");

    @Test
    void writesForTheSpecTheSwitchLastHeldAreARepairSaidOnceUntilItHoldsItAgain() {
        watch.judge("mesh-1", true, List.of());

        assertThat(watch.judge("mesh-1", false, PORT_BACK)).isEqualTo(PORT_BACK);
        assertThat(watch.judge("mesh-1", false, PORT_BACK)).as("the plan again, after a failed transaction").isEmpty();
        watch.judge("mesh-1", true, List.of());
        assertThat(watch.judge("mesh-1", false, PORT_BACK)).as("a second edit").isEqualTo(PORT_BACK);
    }

    @Test
    void anotherEditBeforeTheFirstIsPutBackIsSaidToo() {
        watch.judge("mesh-1", true, List.of());
        watch.judge("mesh-1", false, PORT_BACK);

        List<String> both = List.of("tunnel port vx0a000002 to 10.0.0.2 added", "Interface vx0a000003 type or options");
        assertThat(watch.judge("mesh-1", false, both)).isEqualTo(both);
    }

    /** hv2 renumbered to an address its tunnels cannot use, and back: the writes back are no repair. */
    @Test
    void writesForASpecThatChangedAndCameBackBeforeTheSwitchHeldItAreNoRepair() {
        watch.judge("hv2 at 10.0.0.2", true, List.of());
        watch.judge("hv2 at fd00::2", false, List.of("Interface vx0a000002 type or options"));

        assertThat(watch.judge("hv2 at 10.0.0.2", false, List.of("Interface vx0a000002 type or options"))).isEmpty();
    }

    @Test
    void writesForAChangedSpecOrBeforeTheSwitchHeldAnyAreNoRepair() {
        assertThat(watch.judge("mesh-1", false, PORT_BACK)).as("the first plan of a session").isEmpty();
        watch.judge("mesh-1", true, List.of());

        assertThat(watch.judge("mesh-2", false, PORT_BACK)).as("a member joined").isEmpty();
        assertThat(watch.judge("mesh-1", false, List.of())).as("bookkeeping alone").isEmpty();
    }
}
