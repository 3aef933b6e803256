package org.vtepmanager.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.vtepmanager.ofcontroller.OfMessages;

/**
 * Debian's reference learning switch, {@code ovs-testcontroller -O OpenFlow13}, as a child process listening on
 * loopback; killed by its process handle in {@link #close()}. It installs a flow only when it knows the destination
 * (to a broadcast it answers with a flooding packet-out alone), so each switch first announces a fixed "sink" MAC
 * on port 2, and every measured frame goes from a new source on port 1 to that sink: the answer is a flow-mod whose
 * exact match carries the new source MAC, plus a packet-out.
 */
final class TestController implements PacketInTarget {

    /** ovs-testcontroller's own limit (MAX_SWITCHES in its source). */
    static final int MAX_SWITCHES = 16;
    private static final int SOURCE_PORT = 1;
    private static final int SINK_PORT = 2;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final OFFactory of = new OfMessages().factory();
    private final Path dir;
    private final Process process;
    private final InetSocketAddress address;

    TestController() {
        try {
            dir = TempDirs.create("vtep-bench-testcontroller-");
            address = new InetSocketAddress("127.0.0.1", freePort());
            process = new ProcessBuilder("ovs-testcontroller", "-O", "OpenFlow13",
                    "--unixctl=" + dir.resolve("tc.ctl"), "ptcp:" + address.getPort() + ":127.0.0.1")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("tc.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start ovs-testcontroller (package openvswitch-testcontroller)", e);
        }
        awaitListening();
    }

    static long sinkMac(int index) {
        return 0x02ff_0000_0000L + index;
    }

    @Override
    public String key() {
        return "tc";
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public List<OFPortDesc> ports(int index, int switches) {
        return List.of(PortDescs.port(SOURCE_PORT, "p1"), PortDescs.port(SINK_PORT, "p2"));
    }

    /** It installs its table-miss flow (to the controller) right after the features reply, without a barrier. */
    @Override
    public boolean barrierEndsProgramming() {
        return false;
    }

    @Override
    public int sourcePorts() {
        return 1;
    }

    /** The sink announces itself (to broadcast: flooded, no flow) so that later frames to it have a known port. */
    @Override
    public List<OFMessage> primer(int index) {
        return List.of(packetIn(SINK_PORT, Frames.ethernet(Frames.BROADCAST, sinkMac(index))));
    }

    @Override
    public OFMessage packetIn(int index, int port, long sourceMac) {
        return packetIn(port, Frames.ethernet(sinkMac(index), sourceMac));
    }

    /** A table-miss packet-in as OVS sends it for a flow-less switch: table 0, in_port only. */
    private OFMessage packetIn(int port, byte[] frame) {
        return of.buildPacketIn().setBufferId(OFBufferId.NO_BUFFER).setTotalLen(frame.length)
                .setReason(OFPacketInReason.NO_MATCH).setTableId(TableId.of(0)).setCookie(U64.ZERO)
                .setMatch(of.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(port)).build())
                .setData(frame).build();
    }

    /** Its own process: user and system time as the kernel counts them (in clock ticks). */
    @Override
    public long controllerCpuNanos(long generatorCpuNanos) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElseThrow(() ->
                new IllegalStateException("ovs-testcontroller's CPU time is not readable"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TempDirs.delete(dir);
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ovs-testcontroller exited with " + process.exitValue() + ": "
                        + log());
            }
            try (Socket probe = new Socket(address.getAddress(), address.getPort())) {
                return;
            } catch (IOException notYet) {
                OvsdbServerFarm.sleep(Duration.ofMillis(20));
            }
        }
        close();
        throw new IllegalStateException("ovs-testcontroller did not listen on " + address + " within " + START_TIMEOUT);
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("tc.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
