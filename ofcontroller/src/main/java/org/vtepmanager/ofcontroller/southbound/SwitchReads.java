package org.vtepmanager.ofcontroller.southbound;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.vtepmanager.ofcontroller.OpenFlowSwitch;
import org.vtepmanager.ofcontroller.pipeline.PipelineSpec;

/** What a switch holds of ours, read whole: on connect, and for a {@link FlowComparison}. */
final class SwitchReads {

    private SwitchReads() {
    }

    /**
     * Every flow with our cookie, in all tables, but holds (transient): each reply part's flows go to {@code eachPart}
     * as it arrives.
     */
    static CompletableFuture<Void> ourFlows(OFFactory of, OpenFlowSwitch sw,
            Consumer<List<OFFlowStatsEntry>> eachPart) {
        return sw.sendRequest(ourFlowsRequest(of), part -> eachPart.accept(part.getEntries()));
    }

    private static OFFlowStatsRequest ourFlowsRequest(OFFactory of) {
        return of.buildFlowStatsRequest().setTableId(TableId.ALL).setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY)
                .setCookie(U64.of(PipelineSpec.COOKIE_OWNER))
                .setCookieMask(U64.of(PipelineSpec.COOKIE_RECONCILED_MASK))
                .build();
    }

    /** Every group, ours or not: a group description request cannot filter. */
    static CompletableFuture<List<OFGroupDescStatsEntry>> groups(OFFactory of, OpenFlowSwitch sw) {
        return sw.sendRequest(of.buildGroupDescStatsRequest().build())
                .thenApply(replies -> replies.stream().flatMap(r -> r.getEntries().stream()).toList());
    }
}
