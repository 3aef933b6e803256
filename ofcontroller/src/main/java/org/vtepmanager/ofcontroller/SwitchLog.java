package org.vtepmanager.ofcontroller;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Every log line about a connection names the switch by DPID and remote address. The DPID is only known after
 * FEATURES_REPLY, so the session stores it on the channel, where the lower handlers find it too.
 */
final class SwitchLog {

    static final AttributeKey<DatapathId> DPID = AttributeKey.valueOf("vtepmanager.dpid");

    private SwitchLog() {
    }

    static LoggingEventBuilder tag(LoggingEventBuilder event, Channel channel) {
        DatapathId dpid = channel.attr(DPID).get();
        return event.addKeyValue("dpid", dpid == null ? "unknown" : dpid.toString())
                .addKeyValue("remote", channel.remoteAddress());
    }
}
