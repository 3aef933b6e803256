package org.vtepmanager.ofcontroller.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.types.OFPort;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.ofcontroller.OfMessages;

class FlowPipelineTest {

    private static final Vni VNI = Vni.of(5000);
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:03");
    private static final MacAddress OTHER_MAC = MacAddress.parse("02:00:00:00:00:04");

    private final FlowPipeline pipeline = new FlowPipeline(new OfMessages().factory());

    @Test
    void switchesThatReachAVtepsMacsThroughTheSamePortNumberAreGivenOneFlowObjectEach() {
        FlowPipeline.MacPass pass = pipeline.macPass(300);
        List<MacAddress> onVtep = List.of(MAC, OTHER_MAC);

        Map<FlowKey, OFFlowAdd> first = remoteFlows(pass, onVtep, 10);
        assertThat(pass.sharesFlows()).as("after one switch").isFalse();
        Map<FlowKey, OFFlowAdd> second = remoteFlows(pass, onVtep, 10);

        assertThat(second.keySet()).isEqualTo(first.keySet()).hasSize(2);
        first.forEach((key, flow) -> assertThat(second.get(key)).isSameAs(flow));
        assertThat(pass.sharesFlows()).isTrue();
    }

    @Test
    void switchesThatReachAVtepThroughOtherPortNumbersShareNothing() {
        FlowPipeline.MacPass pass = pipeline.macPass(300);
        List<MacAddress> onVtep = List.of(MAC);

        OFFlowAdd first = remoteFlows(pass, onVtep, 10).values().iterator().next();
        OFFlowAdd second = remoteFlows(pass, onVtep, 11).values().iterator().next();

        assertThat(second).isNotSameAs(first);
        assertThat(second.getInstructions()).isNotEqualTo(first.getInstructions());
        assertThat(pass.sharesFlows()).isFalse();
    }

    @Test
    void aSwitchsOwnMacsAndOtherVtepsRunsAreAllWanted() {
        FlowPipeline.MacPass pass = pipeline.macPass(300);

        DesiredSwitch desired = pass.flows(List.of(new SwitchContext.LocalMac(VNI, MAC, OFPort.of(1), 0, true)),
                List.of(new SwitchContext.RemoteMacs(VNI, List.of(OTHER_MAC), OFPort.of(10))));
        List<FlowKey> inOrder = new ArrayList<>();
        desired.forEachFlow((key, flow) -> inOrder.add(key));

        assertThat(inOrder).hasSize(3).containsExactlyElementsOf(desired.flows().keySet());
        assertThat(inOrder).extracting(key -> key.mac().mac()).containsExactly(MAC.bits(), MAC.bits(),
                OTHER_MAC.bits());
    }

    private static Map<FlowKey, OFFlowAdd> remoteFlows(FlowPipeline.MacPass pass, List<MacAddress> macs, int port) {
        return pass.flows(List.of(), List.of(new SwitchContext.RemoteMacs(VNI, macs, OFPort.of(port)))).flows();
    }

}
