package org.vtepmanager.ofcontroller;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMessageReader;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * A session on an {@link EmbeddedChannel}, fed openflowj objects as if they came from a switch; listener
 * callbacks and futures run inline so tests see them as soon as the channel has processed a message. What the
 * session writes (a batch already as bytes, anything else as {@link OfMessageEncoder} encodes it) is read back, so
 * tests see the xids that go on the wire.
 */
final class EmbeddedSwitch {

    static final OfMessages MESSAGES = new OfMessages();
    static final OFFactory FACTORY = MESSAGES.factory();
    private static final OFMessageReader<OFMessage> READER = OFFactories.getGenericReader();

    final EmbeddedChannel channel;
    final SwitchSession session;
    final OpenFlowCounters counters = new OpenFlowCounters();

    EmbeddedSwitch(SwitchRegistry registry, SwitchEvents events, int remotePort, ChannelHandler... before) {
        session = new SwitchSession(MESSAGES, registry, events, Runnable::run,
                OpenFlowConfig.DEFAULT_READ_BACKLOG, counters);
        channel = withRemote(new InetSocketAddress("127.0.0.1", remotePort));
        channel.pipeline().addLast(before);
        channel.pipeline().addLast(session);
        register(channel);
    }

    /** An embedded channel whose peer looks like a TCP address, as the session's logs and API expect. */
    static EmbeddedChannel withRemote(InetSocketAddress remote) {
        return new EmbeddedChannel(false, false) {
            @Override
            protected SocketAddress remoteAddress0() {
                return remote;
            }
        };
    }

    /** Registering activates the channel, which starts the session's handshake. */
    static void register(EmbeddedChannel channel) {
        try {
            channel.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Plays the switch's part of the handshake with these ports, up to ACTIVE. */
    void completeHandshake(DatapathId dpid, OFPortDesc... ports) {
        channel.writeInbound(FACTORY.buildHello().build());
        channel.writeInbound(FACTORY.buildFeaturesReply().setDatapathId(dpid).setNTables((short) 254)
                .setCapabilities(Set.of()).build());
        channel.writeInbound(FACTORY.buildPortDescStatsReply().setFlags(Set.of()).setEntries(List.of(ports))
                .build());
        OFMessage barrier = outbound().stream().filter(OFBarrierRequest.class::isInstance).findFirst()
                .orElseThrow();
        channel.writeInbound(FACTORY.buildBarrierReply().setXid(barrier.getXid()).build());
    }

    /** Runs what other threads handed to the event loop, then drains and decodes what the session wrote. */
    List<OFMessage> outbound() {
        channel.runPendingTasks();
        List<OFMessage> messages = new ArrayList<>();
        for (Object written = channel.readOutbound(); written != null; written = channel.readOutbound()) {
            ByteBuf wire = written instanceof ByteBuf encoded ? encoded : Unpooled.buffer();
            try {
                if (wire != written) {
                    OfMessageEncoder.write(written, wire);
                }
                while (wire.isReadable()) {
                    messages.add(READER.readFrom(wire));
                }
            } catch (OFParseError e) {
                throw new IllegalStateException("the session wrote an undecodable message", e);
            } finally {
                wire.release();
            }
        }
        return messages;
    }

    static OFPortDesc port(int number, String name) {
        return FACTORY.buildPortDesc().setPortNo(OFPort.of(number))
                .setName(name).setHwAddr(MacAddress.of(0x0a0000000000L
                        + number)).setConfig(Set.of()).setState(Set.of()).setCurr(Set.of()).setAdvertised(Set.of())
                .setSupported(Set.of()).setPeer(Set.of()).build();
    }
}
