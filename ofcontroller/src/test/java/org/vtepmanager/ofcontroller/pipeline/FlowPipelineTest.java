package org.vtepmanager.ofcontroller.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.types.OFPort;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.ofcontroller.OfMessages;

class FlowPipelineTest {

    private static final Vni VNI = Vni.of(5000);
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:03");

    private final FlowPipeline pipeline = new FlowPipeline(new OfMessages().factory());

    @Test
    void switchesThatReachAMacThroughTheSamePortNumberAreGivenOneFlowObject() {
        FlowPipeline.MacPass pass = pipeline.macPass(300);

        OFFlowAdd first = onlyFlow(pass.flows(List.of(new SwitchContext.RemoteMac(VNI, MAC, OFPort.of(10)))));
        assertThat(pass.sharesFlows()).as("after one switch").isFalse();
        OFFlowAdd second = onlyFlow(pass.flows(List.of(new SwitchContext.RemoteMac(VNI, MAC, OFPort.of(10)))));

        assertThat(second).isSameAs(first);
        assertThat(pass.sharesFlows()).isTrue();
    }

    @Test
    void switchesThatReachAMacThroughOtherPortNumbersShareNothing() {
        FlowPipeline.MacPass pass = pipeline.macPass(300);

        OFFlowAdd first = onlyFlow(pass.flows(List.of(new SwitchContext.RemoteMac(VNI, MAC, OFPort.of(10)))));
        OFFlowAdd second = onlyFlow(pass.flows(List.of(new SwitchContext.RemoteMac(VNI, MAC, OFPort.of(11)))));

        assertThat(second).isNotSameAs(first);
        assertThat(pass.sharesFlows()).isFalse();
    }

    private static OFFlowAdd onlyFlow(DesiredSwitch desired) {
        assertThat(desired.flows()).hasSize(1);
        return desired.flows().values().iterator().next();
    }
}
