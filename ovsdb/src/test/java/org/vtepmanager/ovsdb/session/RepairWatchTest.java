package org.vtepmanager.ovsdb.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RepairWatchTest {

    private static final List<String> PORT_BACK = List.of("tunnel port vx0a000002 to 10.0.0.2 added");

    /** Each repair reported, as its list of changes. */
    private final List<List<String>> repairs = new CopyOnWriteArrayList<>();
    private final RepairWatch<String> watch = new RepairWatch<>("hv1", new ConnectionReports() {
        @Override
        public void failed(String peer, String reason) {
        }

        @Override
        public void repaired(String peer, List<String> what) {
            repairs.add(what);
        }
    });

    @Test
    void writesForTheSpecTheSwitchLastHeldAreARepairSaidOnceUntilItHoldsItAgain() {
        watch.judge("mesh-1", true, List.of());

        watch.judge("mesh-1", false, PORT_BACK);
        watch.judge("mesh-1", false, PORT_BACK);
        assertThat(repairs).as("the plan again, after a failed transaction, says nothing more")
                .containsExactly(PORT_BACK);
        watch.judge("mesh-1", true, List.of());
        watch.judge("mesh-1", false, PORT_BACK);
        assertThat(repairs).as("a second edit").containsExactly(PORT_BACK, PORT_BACK);
    }

    @Test
    void anotherEditBeforeTheFirstIsPutBackIsSaidToo() {
        watch.judge("mesh-1", true, List.of());
        watch.judge("mesh-1", false, PORT_BACK);

        List<String> both = List.of("tunnel port vx0a000002 to 10.0.0.2 added", "Interface vx0a000003 type or options");
        watch.judge("mesh-1", false, both);
        assertThat(repairs).containsExactly(PORT_BACK, both);
    }

    /** hv2 renumbered to an address its tunnels cannot use, and back: the writes back are no repair. */
    @Test
    void writesForASpecThatChangedAndCameBackBeforeTheSwitchHeldItAreNoRepair() {
        watch.judge("hv2 at 10.0.0.2", true, List.of());
        watch.judge("hv2 at fd00::2", false, List.of("Interface vx0a000002 type or options"));

        watch.judge("hv2 at 10.0.0.2", false, List.of("Interface vx0a000002 type or options"));
        assertThat(repairs).isEmpty();
    }

    @Test
    void writesForAChangedSpecOrBeforeTheSwitchHeldAnyAreNoRepair() {
        watch.judge("mesh-1", false, PORT_BACK);
        assertThat(repairs).as("the first plan of a session").isEmpty();
        watch.judge("mesh-1", true, List.of());

        watch.judge("mesh-2", false, PORT_BACK);
        watch.judge("mesh-1", false, List.of());
        assertThat(repairs).as("a member joined; bookkeeping alone").isEmpty();
    }
}
