package org.vtepmanager.ovsdb.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.vmware.ovsdb.jsonrpc.v1.service.JsonRpcV1Client;
import com.vmware.ovsdb.jsonrpc.v1.service.JsonRpcV1Server;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each JSON-RPC message of a session to its reader on the events executor, one at a time and in arrival order
 * (the executor is single-threaded): a monitor's {@code update} straight to {@link SessionNotifications}, other
 * requests ({@code echo}) to the library's server, responses to its client. It replaces the library's
 * {@code JsonRpcHandler}, which turns every request into a bean first and so copies a monitor update's whole tree:
 * a quarter of the events thread's work while one hypervisor joined 200.
 */
final class JsonRpcDispatch extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(JsonRpcDispatch.class);

    private final String peer;
    private final JsonRpcV1Client client;
    private final JsonRpcV1Server server;
    private final SessionNotifications notifications;
    private final Executor events;

    JsonRpcDispatch(String peer, JsonRpcV1Client client, JsonRpcV1Server server, SessionNotifications notifications,
            Executor events) {
        this.peer = peer;
        this.client = client;
        this.server = server;
        this.notifications = notifications;
        this.events = events;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        JsonNode json = (JsonNode) message;
        events.execute(() -> dispatch(json));
    }

    private void dispatch(JsonNode json) {
        try {
            JsonNode params = json.path("params");
            if ("update".equals(json.path("method").asText()) && params.size() == 2) {
                notifications.update(params.get(0).asText(), params.get(1));
            } else if (json.hasNonNull("method")) {
                server.handleRequest(json);
            } else if (json.has("result") || json.has("error")) {
                client.handleResponse(json);
            } else {
                log.atWarn().addKeyValue("switch", peer).log("OVSDB message neither a request nor a response; ignored");
            }
        } catch (Exception e) {
            log.atWarn().addKeyValue("switch", peer).addKeyValue("method", json.path("method").asText("(response)"))
                    .addKeyValue("reason", String.valueOf(e.getMessage())).log("OVSDB message not handled");
        }
    }
}
