package org.vtepmanager.ofcontroller.southbound;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFTableStatsEntry;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.topology.FlowTableSummary;
import org.vtepmanager.core.topology.TopologyService;
import org.vtepmanager.ofcontroller.pipeline.InstalledSwitch;
import org.vtepmanager.ofcontroller.pipeline.PipelineSpec;

/**
 * Finds switches whose flows were deleted behind our back ({@code ovs-ofctl del-flows}): nothing reports that (only
 * learned MACs' flows ask to be reported removed), and a reconcile diffs against {@link SwitchState#installed}, not
 * the switch. Each poll asks a switch for its table counters, which the dashboard shows anyway and which Open vSwitch
 * answers without looking at a flow. While our tables hold what we installed plus the flows of others they held at
 * the last exact count, that is all. Otherwise the switch is asked how many flows with our cookie it holds (an
 * aggregate request, which Open vSwitch answers by walking every flow: about 0.2 s of its main thread at a million
 * flows, BENCHMARKS.md); if that is not what we installed, it is read back and reconciled as on connect.
 *
 * <p>Counts are taken against the model as it was when the question was sent: the switch answers after applying
 * every batch sent before, and reports flows that aged out meanwhile before its answer (Open vSwitch keeps a
 * connection's messages in order), so those are taken off what we expect. Holds ({@link LearnHolds}) are not
 * counted as ours: the switch drops them by itself, so while they come and go they are flows of others, and each
 * change of their number costs one exact count. Confined to the southbound's thread.
 */
final class FlowAudit {

    static final String FLOW_COUNT_DIFFERS =
            "switch holds a different number of our flows than we installed; reading it back to repair it";
    private static final Logger log = LoggerFactory.getLogger(FlowAudit.class);

    private final OFFactory of;
    private final TopologyService topology;
    private final Consumer<SwitchState> reload;

    /** {@code reload} reads a switch back and reconciles it. */
    FlowAudit(OFFactory of, TopologyService topology, Consumer<SwitchState> reload) {
        this.of = of;
        this.topology = topology;
        this.reload = reload;
    }

    /** What the model held when a question was sent; {@link #due} takes off the timeouts reported since. */
    private record Expected(InstalledSwitch installed, long flows, long timedOut) {
        static Expected of(InstalledSwitch installed) {
            return new Expected(installed, installed.flowCount(), installed.timedOut());
        }

        long due() {
            return flows - (installed.timedOut() - timedOut);
        }

        boolean stillFor(SwitchState state) {
            return state.installed == installed && state.ready();
        }
    }

    private record Count(long held, long due) {
    }

    /** One poll of a switch: its table counters for the topology, and the cheap check. */
    void poll(SwitchState state) {
        if (!state.ready()) {
            return;
        }
        VtepId vtep = state.vtep;
        Expected expected = Expected.of(state.installed);
        tables(state).thenAccept(tables -> {
            topology.reportFlowTables(vtep, tables.stream().map(table -> new FlowTableSummary(
                    table.getTableId().getValue(), table.getActiveCount(), table.getMatchedCount().getValue()))
                    .toList());
            if (expected.stillFor(state) && (state.othersFlows == SwitchState.UNKNOWN
                    || total(tables) != expected.due() + state.othersFlows)) {
                count(state);
            }
        });
    }

    /**
     * The exact check. The table counters asked right after the aggregate say how many flows of others our tables
     * hold, for the cheap check of the next polls.
     */
    private void count(SwitchState state) {
        Expected expected = Expected.of(state.installed);
        CompletableFuture<Count> ours = state.sw.sendRequest(of.buildAggregateStatsRequest().setTableId(TableId.ALL)
                        .setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).setCookie(U64.of(PipelineSpec.COOKIE_OWNER))
                        .setCookieMask(U64.of(PipelineSpec.COOKIE_RECONCILED_MASK)).setMatch(of.matchWildcardAll())
                        .build())
                .thenApply(replies -> new Count(replies.get(0).getFlowCount(), expected.due()));
        CompletableFuture<Long> all = tables(state).thenApply(FlowAudit::total);
        ours.thenAcceptBoth(all, (count, total) -> {
            if (!expected.stillFor(state)) {
                return;
            }
            if (count.held() == count.due()) {
                state.othersFlows = total - count.held();
                return;
            }
            log.atWarn().addKeyValue("dpid", state.sw.dpid()).addKeyValue("vtep", state.vtep)
                    .addKeyValue("held", count.held()).addKeyValue("expected", count.due()).log(FLOW_COUNT_DIFFERS);
            topology.reportFlowsRepaired(state.vtep, count.held(), count.due());
            reload.accept(state);
        });
    }

    /** The counters of our pipeline's tables. */
    private CompletableFuture<List<OFTableStatsEntry>> tables(SwitchState state) {
        return state.sw.sendRequest(of.buildTableStatsRequest().build()).thenApply(replies -> replies.stream()
                .flatMap(reply -> reply.getEntries().stream())
                .filter(table -> table.getTableId().getValue() <= PipelineSpec.DESTINATION.getValue()).toList());
    }

    private static long total(List<OFTableStatsEntry> tables) {
        return tables.stream().mapToLong(OFTableStatsEntry::getActiveCount).sum();
    }
}
