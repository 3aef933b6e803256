package org.vtepmanager.ofcontroller.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFGroupAdd;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFGroup;

/**
 * The messages that take a switch from what it holds to what it must hold, and nothing else: a flow that is
 * already right is not touched (its counters and duration keep running across manager restarts). Ordered so the
 * switch is never asked to reference a missing group: group adds and changes, flow adds and changes, flow
 * deletes, group deletes.
 *
 * <p>Taking a diff records it in the model as it goes: each flow is compared and recorded in one lookup, which is
 * most of a learn's cost on every switch of its network. So every diff taken must be sent; a switch processes one
 * connection's messages in order, so the model is then what the switch holds once it has the batch, and a batch the
 * switch rejects makes the model unknown (the switch is read again).
 */
public final class SwitchDiff {

    private final List<OFMessage> messages = new ArrayList<>();

    private SwitchDiff() {
    }

    public static SwitchDiff between(InstalledSwitch installed, DesiredSwitch desired, OFFactory of) {
        SwitchDiff diff = new SwitchDiff();
        diff.groupsToWrite(installed, desired, of);
        diff.flowsToWrite(installed, desired, of);
        diff.flowsToDelete(installed, desired, of);
        diff.groupsToDelete(installed, desired, of);
        return diff;
    }

    /**
     * Only what changes for these MACs (each given once): their desired source and destination entries written, and
     * every entry the switch holds for them that is no longer desired (a move's old source entry, a forgotten MAC's
     * entries) deleted.
     */
    public static SwitchDiff forMacs(InstalledSwitch installed, DesiredSwitch desired,
            Collection<PipelineSpec.MacKey> macs, OFFactory of) {
        // Stale entries are listed before the desired ones are recorded: a new MAC then has none to list.
        List<FlowKey> stale = new ArrayList<>();
        for (FlowKey held : installed.flowsOf(macs)) {
            if (!desired.flows().containsKey(held)) {
                stale.add(held);
            }
        }
        SwitchDiff diff = new SwitchDiff();
        diff.flowsToWrite(installed, desired, of);
        stale.forEach(key -> diff.delete(installed, key, of));
        return diff;
    }

    public List<OFMessage> messages() {
        return messages;
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    private void groupsToWrite(InstalledSwitch installed, DesiredSwitch desired, OFFactory of) {
        for (Map.Entry<OFGroup, OFGroupAdd> group : desired.groups().entrySet()) {
            List<OFBucket> current = installed.groups().get(group.getKey());
            OFGroupAdd want = group.getValue();
            if (current == null) {
                messages.add(want);
                installed.writeGroup(group.getKey(), want.getBuckets());
            } else if (!current.equals(want.getBuckets())) {
                messages.add(of.buildGroupModify().setGroup(group.getKey()).setGroupType(want.getGroupType())
                        .setBuckets(want.getBuckets()).build());
                installed.writeGroup(group.getKey(), want.getBuckets());
            }
        }
    }

    private void flowsToWrite(InstalledSwitch installed, DesiredSwitch desired, OFFactory of) {
        desired.forEachFlow((key, want) -> {
            switch (installed.write(key, want)) {
                case ADD -> messages.add(want);
                // Modify keeps the flow (and its counters); only its instructions change.
                case MODIFY -> messages.add(of.buildFlowModifyStrict().setTableId(want.getTableId())
                        .setPriority(want.getPriority()).setMatch(want.getMatch()).setCookie(want.getCookie())
                        .setInstructions(want.getInstructions()).setIdleTimeout(want.getIdleTimeout())
                        .setFlags(want.getFlags()).build());
                case NONE -> {
                }
            }
        });
    }

    private void flowsToDelete(InstalledSwitch installed, DesiredSwitch desired, OFFactory of) {
        List<FlowKey> undesired = new ArrayList<>();
        installed.forEach((key, flow) -> {
            if (!desired.flows().containsKey(key)) {
                undesired.add(key);
            }
        });
        undesired.forEach(key -> delete(installed, key, of));
    }

    private void groupsToDelete(InstalledSwitch installed, DesiredSwitch desired, OFFactory of) {
        List<OFGroup> undesired = installed.groups().keySet().stream()
                .filter(group -> !desired.groups().containsKey(group)).toList();
        for (OFGroup group : undesired) {
            messages.add(of.buildGroupDelete().setGroup(group)
                    .setGroupType(OFGroupType.ALL).build());
            installed.removeGroup(group);
        }
    }

    private void delete(InstalledSwitch installed, FlowKey key, OFFactory of) {
        messages.add(of.buildFlowDeleteStrict().setTableId(key.table()).setPriority(key.priority())
                .setMatch(key.match()).build());
        installed.remove(key);
    }
}
