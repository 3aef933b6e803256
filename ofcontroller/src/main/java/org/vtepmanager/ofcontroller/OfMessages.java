package org.vtepmanager.ofcontroller;

import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;

/**
 * The one place that holds openflowj's OpenFlow 1.3 factory; every message the controller sends is built here,
 * so that the rest of the module speaks in domain terms and the wire library can be swapped in one file.
 */
public final class OfMessages {

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
}
