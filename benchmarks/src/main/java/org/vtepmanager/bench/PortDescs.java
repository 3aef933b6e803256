package org.vtepmanager.bench;

import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.vtepmanager.ofcontroller.OfMessages;

/** OpenFlow 1.3 port descriptions for simulated switches: up, no features. */
final class PortDescs {

    private static final OFFactory OF = new OfMessages().factory();

    private PortDescs() {
    }

    static OFPortDesc port(int number, String name) {
        return OF.buildPortDesc().setPortNo(OFPort.of(number)).setName(name)
                .setHwAddr(MacAddress.of(0x0a00_0000_0000L + number)).setConfig(Set.of()).setState(Set.of())
                .setCurr(Set.of()).setAdvertised(Set.of()).setSupported(Set.of()).setPeer(Set.of()).build();
    }
}
