package org.vtepmanager.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFTableStatsEntry;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.vtepmanager.ofcontroller.OfMessages;

/**
 * One simulated OpenFlow 1.3 switch on one connection: answers the controller as Open vSwitch would (features, port
 * list, empty flow and group dumps, table counters, the number of flows it holds, barriers, echoes) and reports every
 * flow-mod that matches on a source MAC to its {@link Sink}. Runs on its channel's event loop only.
 */
final class SimulatedSwitch extends SimpleChannelInboundHandler<Object> {

    /**
     * Hears of every flow-mod whose match carries ETH_SRC (the controller has learned that MAC on this switch), then,
     * once per socket read, that the read is done.
     */
    interface Sink {
        /** Until a driver takes over, flow-mods are only counted. */
        Sink NONE = new Sink() {
            @Override
            public void learned(SimulatedSwitch sw, long mac, long nanos) {
            }

            @Override
            public void readComplete() {
            }
        };

        void learned(SimulatedSwitch sw, long mac, long nanos);

        void readComplete();
    }

    private static final OfMessages MESSAGES = new OfMessages();
    private static final OFFactory OF = MESSAGES.factory();

    final int index;
    private final DatapathId dpid;
    private final List<OFPortDesc> ports;
    private final boolean barrierEndsProgramming;
    private Sink sink = Sink.NONE;
    /** Completes at the first barrier after a flow-mod (or the first flow-mod): the controller programmed it once. */
    private final CompletableFuture<Void> programmed = new CompletableFuture<>();
    private final Map<OFType, Long> received = new EnumMap<>(OFType.class);
    private Channel channel;
    private long flowMods;
    /** Flows held: every one the controller has, so only its own. */
    private long flowsHeld;

    SimulatedSwitch(int index, DatapathId dpid, List<OFPortDesc> ports, boolean barrierEndsProgramming) {
        this.index = index;
        this.dpid = dpid;
        this.ports = ports;
        this.barrierEndsProgramming = barrierEndsProgramming;
    }

    /** Called on the event loop. */
    void sink(Sink sink) {
        this.sink = sink;
    }

    boolean isActive() {
        return channel != null && channel.isActive();
    }

    CompletableFuture<Void> programmed() {
        return programmed;
    }

    long flowMods() {
        return flowMods;
    }

    /** Message counts by type, for the report of what a controller actually sent; read on the event loop. */
    Map<OFType, Long> received() {
        return received;
    }

    /** Queued only; the driver flushes once per burst. */
    void write(OFMessage message) {
        channel.write(message, channel.voidPromise());
    }

    /** An already encoded message (a packet-in from {@link PacketInTemplates}); queued only. */
    void write(ByteBuf encoded) {
        channel.write(encoded, channel.voidPromise());
    }

    ByteBufAllocator alloc() {
        return channel.alloc();
    }

    void flush() {
        channel.flush();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.writeAndFlush(MESSAGES.hello());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object read) {
        if (read instanceof OfWire.FlowModSeen flowMod) {
            received.merge(OFType.FLOW_MOD, 1L, Long::sum);
            flowMod(flowMod);
            return;
        }
        if (read instanceof OFType counted) {
            received.merge(counted, 1L, Long::sum);
            return;
        }
        OFMessage message = (OFMessage) read;
        received.merge(message.getType(), 1L, Long::sum);
        switch (message.getType()) {
            case FEATURES_REQUEST -> ctx.writeAndFlush(OF.buildFeaturesReply().setXid(message.getXid())
                    .setDatapathId(dpid).setNBuffers(0).setNTables((short) 254).setCapabilities(Set.of()).build());
            case STATS_REQUEST -> ctx.writeAndFlush(statsReply((OFStatsRequest<?>) message));
            case BARRIER_REQUEST -> barrier(ctx, (OFBarrierRequest) message);
            case ECHO_REQUEST -> ctx.writeAndFlush(OF.buildEchoReply().setXid(message.getXid())
                    .setData(((OFEchoRequest) message).getData()).build());
            default -> {
                // HELLO, SET_CONFIG, GROUP_MOD: nothing to answer.
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        sink.readComplete();
        ctx.flush();
    }

    /**
     * The reply goes out with whatever else this read caused (the driver's next packet-ins), in one write at the end
     * of the read, as Open vSwitch answers from its run loop: a reply per barrier would cost a syscall and a segment.
     */
    private void barrier(ChannelHandlerContext ctx, OFBarrierRequest request) {
        ctx.write(OF.buildBarrierReply().setXid(request.getXid()).build(), ctx.voidPromise());
        if (flowMods > 0) {
            programmed.complete(null);
        }
    }

    private void flowMod(OfWire.FlowModSeen flowMod) {
        flowMods++;
        hold(flowMod);
        long ethSrc = flowMod.ethSrc();
        if (!barrierEndsProgramming) {
            programmed.complete(null);
        }
        if (ethSrc != OfWire.FlowModSeen.NO_ETH_SRC) {
            sink.learned(this, ethSrc, System.nanoTime());
        }
    }

    /**
     * The flows held are counted, not kept: an add as one more, a strict delete as one fewer (our controller deletes
     * strictly; a non-strict delete, which only ovs-testcontroller could send and which never asks the count, as one
     * of every flow). That is exact while the controller adds only flows the switch lacks, as every learn of a new
     * MAC does. Keeping each flow's identity (a 64-bit hash in a set) to be exact whatever comes cost the generator
     * more than the controller at 16 switches in one network (busy 81% rather than 47%; learns/s halved), so the
     * count is checked instead: a wrong one makes the controller re-read the switch, which its WARN and two more
     * stats requests per re-read in the report show.
     */
    private void hold(OfWire.FlowModSeen flowMod) {
        switch (flowMod.command()) {
            case OfWire.FlowModSeen.ADD -> flowsHeld++;
            case OfWire.FlowModSeen.DELETE_STRICT -> flowsHeld--;
            case OfWire.FlowModSeen.DELETE -> flowsHeld = 0;
            default -> {
                // A modify changes no flow's existence.
            }
        }
    }

    private OFMessage statsReply(OFStatsRequest<?> request) {
        long xid = request.getXid();
        return switch (request.getStatsType()) {
            case PORT_DESC -> OF.buildPortDescStatsReply().setXid(xid).setFlags(Set.of()).setEntries(ports).build();
            case FLOW -> OF.buildFlowStatsReply().setXid(xid).setFlags(Set.of()).setEntries(List.of()).build();
            case GROUP_DESC -> OF.buildGroupDescStatsReply().setXid(xid).setFlags(Set.of()).setEntries(List.of())
                    .build();
            case TABLE -> OF.buildTableStatsReply().setXid(xid).setFlags(Set.of()).setEntries(tableStats()).build();
            case AGGREGATE -> OF.buildAggregateStatsReply().setXid(xid).setFlags(Set.of()).setFlowCount(flowsHeld)
                    .setPacketCount(U64.ZERO).setByteCount(U64.ZERO).build();
            default -> throw new IllegalStateException("switch " + index + ": unexpected multipart request "
                    + request.getStatsType());
        };
    }

    /** Every flow held counts in table 0: the controller compares the sum over its tables with what it installed. */
    private List<OFTableStatsEntry> tableStats() {
        return List.of(0, 1, 2).stream().map(table -> OF.buildTableStatsEntry().setTableId(TableId.of(table))
                .setActiveCount(table == 0 ? flowsHeld : 0).setLookupCount(U64.ZERO).setMatchedCount(U64.ZERO)
                .build()).toList();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        programmed.completeExceptionally(cause);
        ctx.close();
    }
}
