package org.vtepmanager.ovsdb.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.vmware.ovsdb.jsonrpc.v1.exception.JsonRpcException;
import com.vmware.ovsdb.jsonrpc.v1.exception.JsonRpcTransportException;
import com.vmware.ovsdb.jsonrpc.v1.service.JsonRpcV1Client;
import com.vmware.ovsdb.jsonrpc.v1.service.JsonRpcV1Server;
import com.vmware.ovsdb.jsonrpc.v1.service.impl.JsonRpcV1ClientImpl;
import com.vmware.ovsdb.jsonrpc.v1.service.impl.JsonRpcV1ServerImpl;
import com.vmware.ovsdb.jsonrpc.v1.spi.JsonRpcTransporter;
import com.vmware.ovsdb.protocol.methods.MonitorRequests;
import com.vmware.ovsdb.protocol.methods.TableUpdates;
import com.vmware.ovsdb.protocol.operation.Operation;
import com.vmware.ovsdb.protocol.operation.Select;
import com.vmware.ovsdb.protocol.operation.notation.Function;
import com.vmware.ovsdb.protocol.operation.notation.Uuid;
import com.vmware.ovsdb.protocol.operation.result.OperationResult;
import com.vmware.ovsdb.protocol.operation.result.SelectResult;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.vtepmanager.ovsdb.notation.Rows;

/**
 * One live OVSDB session (RFC 7047) with one switch, whichever side dialled. Requests go through the VMware
 * library's JSON-RPC engine and typed operations; the transport (TCP or unix socket), the inactivity probe and
 * reconnection are ours, because the library's own connector speaks TCP only and never reconnects.
 *
 * <p>Every callback (monitor updates, completion of requests) runs on the {@code events} executor given at
 * creation, never on a Netty event loop, so callers may do their bookkeeping there without locks.
 */
public final class OvsdbSession {

    private static final AtomicLong REQUEST_IDS = new AtomicLong();

    private final Channel channel;
    private final String peer;
    private final ScheduledExecutorService events;
    private final Duration requestTimeout;
    private final JsonRpcV1Client rpc;
    private final Map<String, Consumer<TableUpdates>> monitors = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Optional<Instant> peerCertificateExpiry;

    OvsdbSession(Channel channel, String peer, ScheduledExecutorService events, Duration requestTimeout) {
        this.channel = channel;
        this.peer = peer;
        this.events = events;
        this.requestTimeout = requestTimeout;
        this.peerCertificateExpiry = Optional.ofNullable(channel.pipeline().get(SslHandler.class))
                .flatMap(OvsdbSession::peerCertificateExpiry);
        JsonRpcTransporter transport = new ChannelTransport(channel);
        this.rpc = new JsonRpcV1ClientImpl(transport, events, requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        SessionNotifications notifications = new SessionNotifications(monitors);
        JsonRpcV1Server server = new JsonRpcV1ServerImpl(transport, notifications);
        channel.pipeline().addBefore(OvsdbChannelInitializer.ERRORS, "json-rpc",
                new JsonRpcDispatch(peer, rpc, server, notifications, events));
        channel.closeFuture().addListener(f -> {
            rpc.shutdown();
            server.shutdown();
            events.execute(() -> closed.complete(null));
        });
    }

    /**
     * When the certificate the switch presented expires, on a TLS session: a session made after that is refused
     * (by the manager, and by any switch that checks its peers), so it is the date by which to renew it.
     */
    public Optional<Instant> peerCertificateExpiry() {
        return peerCertificateExpiry;
    }

    /** Read once the handshake is done, which is when a TLS session is made (see OvsdbTransport). */
    private static Optional<Instant> peerCertificateExpiry(SslHandler tls) {
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate certificate
                    ? Optional.of(certificate.getNotAfter().toInstant()) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** The switch as named in logs: its target, or the address it dialled in from. */
    public String peer() {
        return peer;
    }

    /** The manager's own address on this session, when it runs over IP: what the switch can reach us at. */
    public Optional<InetSocketAddress> localAddress() {
        return channel.localAddress() instanceof InetSocketAddress local ? Optional.of(local) : Optional.empty();
    }

    public CompletableFuture<String[]> listDatabases() {
        return call("list_dbs", String[].class);
    }

    /** The tables of {@code database} and their columns (see {@link SchemaTables} for why not the typed schema). */
    public CompletableFuture<SchemaTables> schema(String database) {
        return call("get_schema", JsonNode.class, database).thenApply(schema -> {
            Map<String, Set<String>> tables = new TreeMap<>();
            schema.path("tables").fields().forEachRemaining(table -> {
                Set<String> columns = new TreeSet<>();
                table.getValue().path("columns").fieldNames().forEachRemaining(columns::add);
                tables.put(table.getKey(), columns);
            });
            return new SchemaTables(tables);
        });
    }

    /**
     * Starts a monitor; {@code onUpdate} receives every later change. The returned future holds the initial
     * contents. Messages are handled one at a time on the events executor, in arrival order, so a non-async
     * continuation of that future runs before the first update is delivered.
     */
    public CompletableFuture<TableUpdates> monitor(String database, String monitorId, MonitorRequests requests,
            Consumer<TableUpdates> onUpdate) {
        monitors.put(monitorId, onUpdate);
        return call("monitor", JsonNode.class, database, monitorId, requests).thenApply(TableUpdatesReader::read);
    }

    /**
     * Sends a transaction; its outcome arrives on the events executor: the first error the server reported for it
     * (see {@link TransactReply}), or empty once it committed. The library turns the typed operations into a JSON tree
     * and then into text, which costs about as much as planning them, so that runs on the connection's I/O thread:
     * the events thread meanwhile plans the next switch (a mesh change plans every hypervisor at once).
     */
    public CompletableFuture<Optional<String>> transact(String database, List<Operation> operations) {
        Object[] params = new Object[operations.size() + 1];
        params[0] = database;
        for (int i = 0; i < operations.size(); i++) {
            params[i + 1] = operations.get(i);
        }
        CompletableFuture<Optional<String>> result = new CompletableFuture<>();
        try {
            channel.eventLoop().execute(() -> call("transact", JsonNode.class, params).whenComplete(
                    (reply, error) -> onEvents(() -> complete(result,
                            error == null ? TransactReply.firstError(reply, operations) : null, error))));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new OvsdbSessionException(peer, "transact failed: session closed", e));
        }
        return result;
    }

    /**
     * One string map column of one row, read once (a select by UUID) instead of monitored: for a column the switch
     * rewrites every few seconds, such as a Controller's {@code status}. Completes on the events executor, with an
     * empty map when the row or the column is gone, or the select failed on the server.
     */
    public CompletableFuture<Map<String, String>> readStringMap(String database, String table, UUID uuid,
            String column) {
        Select select = new Select(table).where("_uuid", Function.EQUALS, Uuid.of(uuid)).columns(column);
        CompletableFuture<Map<String, String>> result = new CompletableFuture<>();
        call("transact", OperationResult[].class, database, select).whenComplete((reply, error) -> onEvents(() ->
                complete(result, error == null ? firstRowMap(reply, column) : null, error)));
        return result;
    }

    private static Map<String, String> firstRowMap(OperationResult[] reply, String column) {
        return reply.length > 0 && reply[0] instanceof SelectResult selected && !selected.getRows().isEmpty()
                ? Rows.map(selected.getRows().get(0), column) : Map.of();
    }

    /** On the events executor; once that is shut down (the manager stopping), right here. */
    private void onEvents(Runnable task) {
        try {
            events.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    private static <T> void complete(CompletableFuture<T> future, T value, Throwable error) {
        if (error != null) {
            future.completeExceptionally(error);
        } else {
            future.complete(value);
        }
    }

    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Why the session closed, once it has: the manager's own reason, or what the switch's side did. */
    public String closeReason() {
        return CloseReason.of(channel);
    }

    public void close() {
        CloseReason.close(channel, "the manager closed the session");
    }

    private <T> CompletableFuture<T> call(String method, Class<T> resultType, Object... params) {
        try {
            // Completed by hand: a dependent stage would wrap the failure in a CompletionException, whose message
            // is the class name and then ours.
            CompletableFuture<T> result = new CompletableFuture<>();
            rpc.call(Long.toString(REQUEST_IDS.incrementAndGet()), method, resultType, params).whenComplete(
                    (value, error) -> complete(result, value, error == null ? null : failure(method, error)));
            return result;
        } catch (JsonRpcException e) {
            return CompletableFuture.failedFuture(failure(method, e));
        }
    }

    /**
     * A failed request in the switch's terms: the library's own words ("Connection for this client is closed.",
     * "Request 7 timeout at ...") say neither which switch nor why, and they end up as a VTEP's problem.
     */
    private Throwable failure(String method, Throwable error) {
        Throwable cause = OvsdbSessionException.unwrap(error);
        if (cause instanceof TimeoutException) {
            return new OvsdbSessionException(peer, method + " failed: no reply within "
                    + requestTimeout.toMillis() + " ms", cause);
        }
        if (!channel.isActive()) {
            return new OvsdbSessionException(peer, method + " failed: " + CloseReason.of(channel), cause);
        }
        return new OvsdbSessionException(peer, method + " failed: " + cause.getMessage(), cause);
    }

    @Override
    public String toString() {
        return "OVSDB session with " + peer;
    }

    /** Writes JSON-RPC messages as text; the channel's encoder turns them into UTF-8 bytes. */
    private record ChannelTransport(Channel channel) implements JsonRpcTransporter {
        @Override
        public void send(JsonNode data) throws JsonRpcTransportException {
            if (!channel.isActive()) {
                throw new JsonRpcTransportException(new IllegalStateException("session closed"));
            }
            channel.writeAndFlush(data.toString());
        }

        @Override
        public void close() {
            channel.close();
        }
    }
}
