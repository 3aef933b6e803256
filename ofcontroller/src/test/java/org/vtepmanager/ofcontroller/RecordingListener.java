package org.vtepmanager.ofcontroller;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;

/** Keeps every callback in arrival order, for assertions on what listeners see and in which order. */
final class RecordingListener implements SwitchListener {

    record Event(String kind, OpenFlowSwitch sw, Object detail) {
    }

    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<Thread> callbackThreads = new CopyOnWriteArrayList<>();

    @Override
    public void switchConnected(OpenFlowSwitch sw) {
        record("connected", sw, null);
    }

    @Override
    public void switchDisconnected(OpenFlowSwitch sw) {
        record("disconnected", sw, null);
    }

    @Override
    public void portChanged(OpenFlowSwitch sw, OFPortReason reason, OFPortDesc port) {
        record("port " + reason, sw, port);
    }

    @Override
    public void messageReceived(OpenFlowSwitch sw, OFMessage message) {
        record("message", sw, message);
    }

    List<Event> ofKind(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    /** Connect/disconnect events only, as "kind@remotePort", to check their order across sessions. */
    List<String> lifecycle() {
        return events.stream().filter(e -> e.kind().endsWith("connected"))
                .map(e -> e.kind() + "@" + e.sw().remoteAddress().getPort()).toList();
    }

    private void record(String kind, OpenFlowSwitch sw, Object detail) {
        callbackThreads.add(Thread.currentThread());
        events.add(new Event(kind, sw, detail));
    }
}
