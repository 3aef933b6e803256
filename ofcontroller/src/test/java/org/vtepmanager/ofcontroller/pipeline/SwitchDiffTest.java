package org.vtepmanager.ofcontroller.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowModifyStrict;
import org.projectfloodlight.openflow.protocol.OFGroupAdd;
import org.projectfloodlight.openflow.protocol.OFGroupDelete;
import org.projectfloodlight.openflow.protocol.OFGroupModify;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFPort;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.ofcontroller.OfMessages;

class SwitchDiffTest {

    private static final Vni VNI = Vni.of(5000);
    private static final MacAddress REMOTE = MacAddress.parse("02:00:00:00:00:03");

    private final OFFactory of = new OfMessages().factory();
    private final FlowPipeline pipeline = new FlowPipeline(of);

    private SwitchContext context(Set<OFPort> tunnels, List<SwitchContext.MacRoute> macs) {
        return new SwitchContext(List.of(new SwitchContext.Binding(OFPort.of(1), 0, VNI)), Map.of(VNI, tunnels),
                macs, 300);
    }

    private InstalledSwitch installedAs(SwitchContext context) {
        InstalledSwitch installed = new InstalledSwitch();
        SwitchDiff.between(installed, pipeline.desired(context), of);
        return installed;
    }

    @Test
    void fromNothingEverythingIsAddedGroupsFirst() {
        List<OFMessage> messages = SwitchDiff.between(new InstalledSwitch(),
                pipeline.desired(context(Set.of(OFPort.of(10)), List.of())), of).messages();

        assertThat(messages).allMatch(m -> m instanceof OFFlowAdd || m instanceof OFGroupAdd);
        assertThat(messages.get(0)).isInstanceOf(OFGroupAdd.class);
        assertThat(messages.get(1)).isInstanceOf(OFGroupAdd.class);
    }

    @Test
    void aMacThatMovedToAnotherTunnelIsModifiedInPlaceNotDeletedAndReadded() {
        SwitchContext before = context(Set.of(OFPort.of(10), OFPort.of(11)),
                List.of(new SwitchContext.RemoteMac(VNI, REMOTE, OFPort.of(10))));
        SwitchContext after = context(Set.of(OFPort.of(10), OFPort.of(11)),
                List.of(new SwitchContext.RemoteMac(VNI, REMOTE, OFPort.of(11))));

        List<OFMessage> messages = SwitchDiff.between(installedAs(before), pipeline.desired(after), of).messages();

        assertThat(messages).singleElement().isInstanceOf(OFFlowModifyStrict.class);
    }

    @Test
    void aForgottenMacIsDeletedAndALeavingVtepChangesOnlyTheFloodGroup() {
        SwitchContext before = context(Set.of(OFPort.of(10), OFPort.of(11)),
                List.of(new SwitchContext.RemoteMac(VNI, REMOTE, OFPort.of(10))));
        SwitchContext after = context(Set.of(OFPort.of(10)), List.of());

        List<OFMessage> messages = SwitchDiff.between(installedAs(before), pipeline.desired(after), of).messages();

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).isInstanceOf(OFGroupModify.class);
        assertThat(messages.get(1)).isInstanceOf(OFFlowDeleteStrict.class);
    }

    @Test
    void aVniNoLongerBoundHereTakesItsFlowsAndThenItsGroups() {
        SwitchContext before = context(Set.of(OFPort.of(10)), List.of());
        SwitchContext after = new SwitchContext(List.of(), Map.of(), List.of(), 300);

        List<OFMessage> messages = SwitchDiff.between(installedAs(before), pipeline.desired(after), of).messages();

        assertThat(messages).isNotEmpty();
        int groups = 3;
        assertThat(messages.subList(messages.size() - groups, messages.size()))
                .allMatch(OFGroupDelete.class::isInstance);
        assertThat(messages.subList(0, messages.size() - groups)).allMatch(OFFlowDeleteStrict.class::isInstance);
    }

    @Test
    void inSyncMeansNothingToSend() {
        SwitchContext context = context(Set.of(OFPort.of(10)),
                List.of(new SwitchContext.LocalMac(VNI, REMOTE, OFPort.of(1), 0, true)));

        assertThat(SwitchDiff.between(installedAs(context), pipeline.desired(context), of).isEmpty()).isTrue();
    }

    @Test
    void reprogrammingOneMovedMacWritesItsNewEntriesAndDeletesOnlyItsOldOne() {
        MacAddress other = MacAddress.parse("02:00:00:00:00:04");
        SwitchContext before = context(Set.of(OFPort.of(10)), List.of(
                new SwitchContext.RemoteMac(VNI, REMOTE, OFPort.of(10)),
                new SwitchContext.RemoteMac(VNI, other, OFPort.of(10))));
        InstalledSwitch installed = installedAs(before);
        SwitchContext.LocalMac movedHere = new SwitchContext.LocalMac(VNI, REMOTE, OFPort.of(1), 0, true);

        DesiredSwitch desired = pipeline.macPass(300).flows(List.of(movedHere), List.of());
        List<OFMessage> messages = SwitchDiff.forMacs(installed, desired,
                Set.of(new PipelineSpec.MacKey(VNI.value(), REMOTE.bits())), of).messages();

        assertThat(messages).filteredOn(OFFlowAdd.class::isInstance).hasSize(2);
        assertThat(messages).filteredOn(OFFlowDeleteStrict.class::isInstance).singleElement()
                .satisfies(delete -> assertThat(((OFFlowDeleteStrict) delete).getMatch().toString())
                        .contains("02:00:00:00:00:03"));
    }

    @Test
    void aForgottenMacTakesExactlyItsOwnEntriesAndNothingElse() {
        SwitchContext context = context(Set.of(OFPort.of(10)), List.of(
                new SwitchContext.LocalMac(VNI, REMOTE, OFPort.of(1), 0, true),
                new SwitchContext.RemoteMac(VNI, MacAddress.parse("02:00:00:00:00:04"), OFPort.of(10))));
        InstalledSwitch installed = installedAs(context);

        SwitchDiff diff = SwitchDiff.forMacs(installed, pipeline.macPass(300).flows(List.of(), List.of()),
                Set.of(new PipelineSpec.MacKey(VNI.value(), REMOTE.bits())), of);

        assertThat(diff.messages()).hasSize(2).allMatch(OFFlowDeleteStrict.class::isInstance);
        assertThat(installed.flowCount()).isEqualTo(pipeline.desired(context).flows().size() - 2);
    }
}
