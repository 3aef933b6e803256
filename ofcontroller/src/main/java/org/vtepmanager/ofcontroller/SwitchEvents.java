package org.vtepmanager.ofcontroller;

import com.google.common.util.concurrent.MoreExecutors;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands switch events to the listeners on the application's executor, never on the event loop, one event at a
 * time in the order the sessions produced them (a sequential view of the executor), so that for example a
 * replaced session's disconnect always reaches listeners before its successor's connect.
 */
final class SwitchEvents {

    private static final Logger log = LoggerFactory.getLogger(SwitchEvents.class);

    private final List<SwitchListener> listeners = new CopyOnWriteArrayList<>();
    private final Executor ordered;

    SwitchEvents(Executor executor) {
        this.ordered = MoreExecutors.newSequentialExecutor(executor);
    }

    void add(SwitchListener listener) {
        listeners.add(listener);
    }

    void connected(OpenFlowSwitch sw) {
        deliver(sw, "switchConnected", listener -> listener.switchConnected(sw));
    }

    void disconnected(OpenFlowSwitch sw) {
        deliver(sw, "switchDisconnected", listener -> listener.switchDisconnected(sw));
    }

    void portChanged(OpenFlowSwitch sw, OFPortReason reason, OFPortDesc port) {
        deliver(sw, "portChanged", listener -> listener.portChanged(sw, reason, port));
    }

    /** {@code handled} runs once every listener is done with the message, or once it is dropped. */
    void messageReceived(OpenFlowSwitch sw, OFMessage message, Runnable handled) {
        deliver(sw, "messageReceived", listener -> listener.messageReceived(sw, message), handled);
    }

    private void deliver(OpenFlowSwitch sw, String event, Consumer<SwitchListener> call) {
        deliver(sw, event, call, () -> { });
    }

    private void deliver(OpenFlowSwitch sw, String event, Consumer<SwitchListener> call, Runnable handled) {
        try {
            ordered.execute(() -> {
                try {
                    listeners.forEach(listener -> callSafely(sw, event, listener, call));
                } finally {
                    handled.run();
                }
            });
        } catch (RejectedExecutionException e) {
            handled.run();
            log.atDebug().addKeyValue("dpid", sw.dpid()).addKeyValue("remote", sw.remoteAddress())
                    .addKeyValue("event", event).log("Callback executor shut down; switch event dropped");
        }
    }

    /** One failing listener must neither starve the others nor stop later events. */
    private static void callSafely(OpenFlowSwitch sw, String event, SwitchListener listener,
                                   Consumer<SwitchListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            log.atError().addKeyValue("dpid", sw.dpid()).addKeyValue("remote", sw.remoteAddress())
                    .addKeyValue("event", event).addKeyValue("listener", listener.getClass().getName())
                    .setCause(e).log("Switch listener failed");
        }
    }
}
