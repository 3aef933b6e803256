package org.vtepmanager.ofcontroller.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFGroupAdd;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFGroup;

/**
 * The messages that take a switch from what it holds to what it must hold, and nothing else: a flow that is
 * already right is not touched (its counters and duration keep running across manager restarts). Ordered so the
 * switch is never asked to reference a missing group: group adds and changes, flow adds and changes, flow
 * deletes, group deletes.
 */
public final class SwitchDiff {

    private final List<OFMessage> messages = new ArrayList<>();
    private final List<Runnable> onSuccess = new ArrayList<>();

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
     * Only what changes for these MACs: their desired source and destination entries written, and every entry the
     * switch holds for them that is no longer desired (a move's old source entry, a forgotten MAC's entries) deleted.
     */
    public static SwitchDiff forMacs(InstalledSwitch installed, DesiredSwitch desired, Set<PipelineSpec.MacKey> macs,
            OFFactory of) {
        SwitchDiff diff = new SwitchDiff();
        diff.flowsToWrite(installed, desired, of);
        for (PipelineSpec.MacKey mac : macs) {
            for (FlowKey held : installed.flowsOf(mac)) {
                if (!desired.flows().containsKey(held)) {
                    diff.add(installed, held, of.buildFlowDeleteStrict().setTableId(held.table())
                            .setPriority(held.priority()).setMatch(held.match()).build(), true);
                }
            }
        }
        return diff;
    }

    public List<OFMessage> messages() {
        return messages;
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    /** Once the switch has processed the batch: record it as installed. */
    public void applied() {
        onSuccess.forEach(Runnable::run);
    }

    private void groupsToWrite(InstalledSwitch installed, DesiredSwitch desired, OFFactory of) {
        for (Map.Entry<OFGroup, OFGroupAdd> group : desired.groups().entrySet()) {
            List<OFBucket> current = installed.groups().get(group.getKey());
            if (current == null) {
                add(installed, group.getValue(), false);
            } else if (!current.equals(group.getValue().getBuckets())) {
                add(installed, of.buildGroupModify().setGroup(group.getKey()).setGroupType(group.getValue().getGroupType())
                        .setBuckets(group.getValue().getBuckets()).build(), false);
            }
        }
    }

    private void flowsToWrite(InstalledSwitch installed, DesiredSwitch desired, OFFactory of) {
        for (Map.Entry<FlowKey, OFFlowAdd> flow : desired.flows().entrySet()) {
            InstalledSwitch.Flow current = installed.get(flow.getKey());
            OFFlowAdd want = flow.getValue();
            if (current == null || !current.cookie().equals(want.getCookie())
                    || current.idleTimeout() != want.getIdleTimeout()) {
                add(installed, flow.getKey(), want, false);
            } else if (!current.instructions().equals(want.getInstructions())) {
                // Modify keeps the flow (and its counters); only its instructions change.
                add(installed, flow.getKey(), of.buildFlowModifyStrict().setTableId(want.getTableId()).setPriority(want.getPriority())
                        .setMatch(want.getMatch()).setCookie(want.getCookie()).setInstructions(want.getInstructions())
                        .setIdleTimeout(want.getIdleTimeout()).setFlags(want.getFlags()).build(), false);
            }
        }
    }

    private void flowsToDelete(InstalledSwitch installed, DesiredSwitch desired, OFFactory of) {
        installed.forEach((key, flow) -> {
            if (!desired.flows().containsKey(key)) {
                add(installed, key, of.buildFlowDeleteStrict().setTableId(key.table()).setPriority(key.priority())
                        .setMatch(key.match()).build(), true);
            }
        });
    }

    private void groupsToDelete(InstalledSwitch installed, DesiredSwitch desired, OFFactory of) {
        for (OFGroup group : installed.groups().keySet()) {
            if (!desired.groups().containsKey(group)) {
                add(installed, of.buildGroupDelete().setGroup(group)
                        .setGroupType(org.projectfloodlight.openflow.protocol.OFGroupType.ALL).build(), true);
            }
        }
    }

    /** {@code key} is the flow's identity, already hashed: the same as the mod's table, priority and match. */
    private void add(InstalledSwitch installed, FlowKey key, OFFlowMod mod, boolean delete) {
        messages.add(mod);
        onSuccess.add(() -> installed.applied(key, mod, delete));
    }

    private void add(InstalledSwitch installed, OFGroupMod mod, boolean delete) {
        messages.add(mod);
        onSuccess.add(() -> installed.applied(mod, delete));
    }
}
