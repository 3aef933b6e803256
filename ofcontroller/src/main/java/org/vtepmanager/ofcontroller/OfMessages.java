package org.vtepmanager.ofcontroller;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFSetConfig;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.projectfloodlight.openflow.types.U32;

/**
 * The one place that holds openflowj's OpenFlow 1.3 factory; every message the controller sends is built here,
 * so that the rest of the module speaks in domain terms and the wire library can be swapped in one file.
 */
public final class OfMessages {

    /**
     * OFPCML_NO_BUFFER: table-miss and controller-bound packets arrive whole and are not buffered on the switch, so
     * learning sees complete headers and a packet-out never refers to a buffer the switch has already dropped.
     */
    static final int MISS_SEND_LEN_NO_BUFFER = 0xffff;

    private final OFFactory factory = OFFactories.getFactory(OFVersion.OF_13);

    public OFFactory factory() {
        return factory;
    }

    /**
     * A HELLO that offers OpenFlow 1.3 and nothing else, through the version-bitmap element (OF 1.3.1 §7.5.1),
     * so a switch that speaks several versions negotiates exactly ours.
     */
    public OFHello hello() {
        U32 onlyOf13 = U32.of(1L << OFVersion.OF_13.getWireVersion());
        return factory.buildHello()
                .setElements(List.of(factory.buildHelloElemVersionbitmap().setBitmaps(List.of(onlyOf13)).build()))
                .build();
    }

    /** OFPET_HELLO_FAILED / OFPHFC_INCOMPATIBLE with the reason as ASCII text, as the spec suggests. */
    OFErrorMsg helloIncompatible(String reason) {
        byte[] text = reason.getBytes(StandardCharsets.US_ASCII);
        return factory.errorMsgs().buildHelloFailedErrorMsg().setCode(OFHelloFailedCode.INCOMPATIBLE)
                .setData(OFErrorCauseData.of(text, OFVersion.OF_13)).build();
    }

    OFFeaturesRequest featuresRequest() {
        return factory.buildFeaturesRequest().build();
    }

    OFSetConfig setConfig() {
        return factory.buildSetConfig().setFlags(Set.of()).setMissSendLen(MISS_SEND_LEN_NO_BUFFER).build();
    }

    OFPortDescStatsRequest portDescRequest() {
        return factory.buildPortDescStatsRequest().setFlags(Set.of()).build();
    }

    OFBarrierRequest barrier() {
        return factory.buildBarrierRequest().build();
    }

    OFEchoRequest echoRequest() {
        return factory.buildEchoRequest().build();
    }

    OFEchoReply echoReply(OFEchoRequest request) {
        return factory.buildEchoReply().setXid(request.getXid()).setData(request.getData()).build();
    }
}
