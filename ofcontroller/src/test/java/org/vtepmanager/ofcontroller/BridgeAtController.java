package org.vtepmanager.ofcontroller;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

/**
 * Our OpenFlow server and a real Open vSwitch whose bridge {@code br0} (one dummy port, {@code p1}) connects to it:
 * the setup of the session-layer tests against real switches. Closing stops the switch first, then the server and
 * the callback threads.
 */
final class BridgeAtController implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    final ExecutorService callbacks = Executors.newFixedThreadPool(2);
    final LogCapture logs = new LogCapture();
    final RealOvs ovs;
    final OpenFlowServer server;
    final InetSocketAddress address;

    /** Skips (or, under CI, fails) like {@link RealOvs#start()} where Open vSwitch cannot run. */
    BridgeAtController(OpenFlowConfig config, SwitchListener listener) {
        this(ovs -> config, "tcp", listener);
    }

    /**
     * br0's controller is {@code scheme:127.0.0.1:PORT}. The server's config is made once the switch runs, so that
     * it can prepare both sides, e.g. give the switch a certificate the server's TLS context trusts.
     */
    BridgeAtController(Function<RealOvs, OpenFlowConfig> config, String scheme, SwitchListener listener) {
        try {
            ovs = RealOvs.start();
            server = new OpenFlowServer(config.apply(ovs), callbacks);
            server.addListener(listener);
            address = server.start();
            ovs.addBridge("br0", controllerTarget(scheme), "p1");
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** This server as a switch's controller target, e.g. {@code ssl:127.0.0.1:34567}. */
    String controllerTarget(String scheme) {
        return scheme + ":" + address.getHostString() + ":" + address.getPort();
    }

    /** The bridge's session, once it is ACTIVE. */
    OpenFlowSwitch awaitSwitch(String bridge) {
        return awaitSwitch(ovs, bridge);
    }

    /** The session of a bridge of another Open vSwitch at this server, once it is ACTIVE. */
    OpenFlowSwitch awaitSwitch(RealOvs ovs, String bridge) {
        DatapathId dpid = ovs.dpid(bridge);
        Await.until(WAIT, bridge + " ACTIVE as " + dpid,
                () -> server.getSwitch(dpid).filter(OpenFlowSwitch::isConnected).isPresent());
        return server.getSwitch(dpid).orElseThrow();
    }

    /** A table-miss flow that sends every frame to the controller, {@code maxLen} bytes of it. */
    static OFFlowAdd everythingToController(OFFactory factory, int maxLen) {
        return factory.buildFlowAdd().setTableId(TableId.of(0)).setPriority(1)
                .setInstructions(List.of(factory.instructions().applyActions(List.of(
                        factory.actions().output(OFPort.CONTROLLER, maxLen)))))
                .build();
    }

    @Override
    public void close() {
        try {
            if (ovs != null) {
                ovs.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            callbacks.shutdownNow();
            logs.close();
        }
    }
}
