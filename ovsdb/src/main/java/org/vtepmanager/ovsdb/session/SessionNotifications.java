package org.vtepmanager.ovsdb.session;

import com.vmware.ovsdb.jsonrpc.v1.annotation.JsonRpcServiceMethod;
import com.fasterxml.jackson.databind.JsonNode;
import com.vmware.ovsdb.protocol.methods.TableUpdates;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The requests an ovsdb-server sends to its client (RFC 7047 §4.1.11, §4.1.6): {@code echo}, which must be
 * answered or the server drops us, and {@code update} notifications of our monitors. Public only because the
 * library's JSON-RPC server finds these methods by reflection.
 */
public final class SessionNotifications {

    private final Map<String, Consumer<TableUpdates>> monitors;

    SessionNotifications(Map<String, Consumer<TableUpdates>> monitors) {
        this.monitors = monitors;
    }

    @JsonRpcServiceMethod("echo")
    public Object[] echo(Object... params) {
        return params;
    }

    @JsonRpcServiceMethod("update")
    public void update(String monitorId, JsonNode updates) {
        Consumer<TableUpdates> monitor = monitors.get(monitorId);
        if (monitor != null) {
            monitor.accept(TableUpdatesReader.read(updates));
        }
    }
}
