package org.vtepmanager.ofcontroller;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * A hand-driven OpenFlow peer on a plain socket, for what a real switch never does: send garbage, stop in the
 * middle of a message, speak only OpenFlow 1.0, or claim another switch's DPID.
 */
final class RawOpenFlowClient implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final OFFactory factory = OFFactories.getFactory(OFVersion.OF_13);
    private final Socket socket;
    private final DataInputStream in;

    private RawOpenFlowClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    static RawOpenFlowClient connect(InetSocketAddress server) {
        try {
            Socket socket = new Socket(server.getAddress(), server.getPort());
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            return new RawOpenFlowClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void send(OFMessage message) {
        ByteBuf buf = Unpooled.buffer();
        message.writeTo(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        sendBytes(bytes);
    }

    void sendBytes(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next message, or empty when the server closed the connection. */
    Optional<OFMessage> read() {
        try {
            byte[] header = new byte[OfFrameDecoder.HEADER_LENGTH];
            in.readFully(header);
            int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
            byte[] message = new byte[length];
            System.arraycopy(header, 0, message, 0, header.length);
            in.readFully(message, header.length, length - header.length);
            return Optional.of(OFFactories.getGenericReader().readFrom(Unpooled.wrappedBuffer(message)));
        } catch (EOFException | SocketException e) {
            return Optional.empty();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("server neither sent a message nor closed within " + READ_TIMEOUT_MILLIS
                    + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OFParseError e) {
            throw new AssertionError("server sent an undecodable message", e);
        }
    }

    /**
     * Everything the server sends until it closes the connection; fails if it keeps it open. Answers echo requests
     * meanwhile, so that a close observed here is never the server's dead-peer detection.
     */
    List<OFMessage> readUntilClosed() {
        List<OFMessage> received = new ArrayList<>();
        for (Optional<OFMessage> next = read(); next.isPresent(); next = read()) {
            received.add(next.get());
            if (next.get() instanceof OFEchoRequest request) {
                answerEcho(request);
            }
        }
        return received;
    }

    /** The server may close between its echo request and our reply; the reply is then simply lost. */
    private void answerEcho(OFEchoRequest request) {
        try {
            send(factory.buildEchoReply().setXid(request.getXid()).build());
        } catch (UncheckedIOException serverAlreadyClosed) {
            // nothing left to answer
        }
    }

    /** Plays a switch with this DPID and no ports through the handshake, up to the controller's BARRIER. */
    void handshakeAs(DatapathId dpid) {
        send(factory.buildHello().build());
        boolean barrierAnswered = false;
        while (!barrierAnswered) {
            OFMessage message = read().orElseThrow(() -> new AssertionError("closed during the handshake"));
            if (message instanceof OFFeaturesRequest request) {
                send(factory.buildFeaturesReply().setXid(request.getXid()).setDatapathId(dpid).setNBuffers(0)
                        .setNTables((short) 254).setCapabilities(Set.of()).build());
            } else if (message instanceof OFPortDescStatsRequest request) {
                send(factory.buildPortDescStatsReply().setXid(request.getXid()).setFlags(Set.of())
                        .setEntries(List.of()).build());
            } else if (message instanceof OFEchoRequest request) {
                answerEcho(request);
            } else if (message instanceof OFBarrierRequest request) {
                send(factory.buildBarrierReply().setXid(request.getXid()).build());
                barrierAnswered = true;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
