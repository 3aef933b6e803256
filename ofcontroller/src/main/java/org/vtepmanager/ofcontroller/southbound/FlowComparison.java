package org.vtepmanager.ofcontroller.southbound;

import java.time.Duration;
import java.util.function.Consumer;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.ofcontroller.pipeline.InstalledSwitch;
import org.vtepmanager.ofcontroller.pipeline.SwitchComparison;

/**
 * Finds flows and groups of ours that were changed behind our back without changing their number, which
 * {@link FlowAudit}'s counts cannot see: a flow whose actions were rewritten by hand ({@code ovs-ofctl mod-flows}),
 * a group given other buckets ({@code mod-group}). Every period, each switch is read whole and compared with
 * {@link InstalledSwitch}, flow by flow and group by group; if they differ, it is read back and reconciled as on
 * connect, which puts back what we installed and nothing else.
 *
 * <p>Why not at every poll: a read makes Open vSwitch walk and encode every flow of ours, about 0.12 s of its main
 * thread per 100,000 flows (BENCHMARKS.md), during which it handles no other OpenFlow message, our learns among
 * them. So the time between two reads of a switch is a period, and a period more for each 100,000 flows it holds:
 * about 0.2% of that thread at the default minute, whatever the size. A switch keeps learning while it is read,
 * and the read is compared a reply part at a time as the parts arrive, with the model as it was when the read was
 * asked for ({@link SwitchComparison}): our thread is held about 0.2 ms per part, never for a whole switch, which
 * took 38–57 ms per 100,000 flows compared whole (BENCHMARKS.md). Confined to the southbound's thread.
 */
final class FlowComparison {

    static final String FLOWS_DIFFER =
            "switch holds flows or groups of ours other than we installed; reading it back to repair it";
    static final String COMPARED = "switch compared with what we installed";
    /** A read of this many flows costs Open vSwitch about one period's share; each more delays the next read. */
    private static final long FLOWS_PER_PERIOD = 100_000;
    private static final Logger log = LoggerFactory.getLogger(FlowComparison.class);

    private final OFFactory of;
    private final TopologyService topology;
    private final Consumer<SwitchState> reload;
    private final Duration period;

    /**
     * {@code period} zero turns comparisons off; at most a day, as the time between two reads of a large switch is
     * a multiple of it in nanoseconds. {@code reload} reads a switch back and reconciles it.
     */
    FlowComparison(OFFactory of, TopologyService topology, Duration period, Consumer<SwitchState> reload) {
        if (period.isNegative() || period.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("comparePeriod " + period + " must be within 0..1 day");
        }
        this.of = of;
        this.topology = topology;
        this.period = period;
        this.reload = reload;
    }

    /** The switch was just read whole (connect, repair): its next comparison is a period away. */
    void wasRead(SwitchState state) {
        state.nextComparisonNanos = System.nanoTime() + period.toNanos()
                * (1 + (state.installed == null ? 0 : state.installed.flowCount() / FLOWS_PER_PERIOD));
    }

    /** Compares the switch if its time came and it is not being compared already. */
    void poll(SwitchState state) {
        if (period.isZero() || !state.ready() || state.comparing || System.nanoTime() < state.nextComparisonNanos) {
            return;
        }
        InstalledSwitch installed = state.installed;
        state.comparing = true;
        SwitchComparison comparison = installed.compareWithRead();
        SwitchReads.ourFlows(of, state.sw, comparison::flows)
                .thenCombine(SwitchReads.groups(of, state.sw), (flowsDone, groups) -> comparison.finish(groups))
                .whenComplete((differences, error) -> {
                    state.comparing = false;
                    if (error != null) {
                        comparison.abandon();
                        return;
                    }
                    if (state.installed != installed || !state.ready()) {
                        return;
                    }
                    wasRead(state);
                    log.atDebug().addKeyValue("dpid", state.sw.dpid()).addKeyValue("vtep", state.vtep)
                            .addKeyValue("flows", differences.flows()).addKeyValue("groups", differences.groups())
                            .log(COMPARED);
                    if (!differences.none()) {
                        repair(state, differences);
                    }
                });
    }

    private void repair(SwitchState state, InstalledSwitch.Differences differences) {
        log.atWarn().addKeyValue("dpid", state.sw.dpid()).addKeyValue("vtep", state.vtep)
                .addKeyValue("flows", differences.flows()).addKeyValue("groups", differences.groups())
                .log(FLOWS_DIFFER);
        topology.reportFlowsChanged(state.vtep, differences.flows(), differences.groups());
        reload.accept(state);
    }
}
