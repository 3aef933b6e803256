package org.vtepmanager.ovsdb.hypervisor;

import com.vmware.ovsdb.protocol.operation.notation.Row;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.vtepmanager.ovsdb.notation.Rows;
import org.vtepmanager.ovsdb.session.OvsdbSession;

/**
 * Whether a hypervisor's integration bridge reaches the manager's OpenFlow controller, as ovs-vswitchd reports it
 * in our Controller row ({@code is_connected}). Without that connection the manager cannot program the bridge (one
 * that never connected has no flows and, fail_mode secure, forwards nothing), while its OVSDB session looks healthy;
 * the usual cause is an OpenFlow address this host cannot reach.
 *
 * <p>Only a bridge that ovs-vswitchd runs (it has a datapath id) is judged, and only once its row has said "not
 * connected" for a grace period: ovs-vswitchd backs off up to 8 s between attempts by default and writes the
 * column at most every few seconds, so a bridge that is about to connect is not reported. Only {@code is_connected}
 * is monitored: the row's {@code status} is rewritten every few seconds. So once the grace is over, its
 * {@code last_error} is read once, and the problem is reported with it. Confined to the events executor.
 */
final class ControllerLink {

    /** OVS's default max_backoff (8 s) and its status updates (every 5 s), with a little room. */
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(15);
    private static final long UP = Long.MIN_VALUE;
    /**
     * ovs-vswitchd says only "Protocol not available" when it has no key for an ssl: controller: this says what an
     * ssl: controller needs.
     */
    private static final String TLS_HINT = ", and have its TLS identity (ovs-vsctl set-ssl KEY CERT CACERT: a "
            + "certificate the manager's --tls-ca-cert signed, and the CA that signed the manager's)";

    private final Duration grace;
    private final ScheduledExecutorService events;
    private final OvsdbSession session;
    private final Runnable recheck;
    private long downSince = UP;
    private ScheduledFuture<?> graceOver;
    /** What ovs-vswitchd said of the connection once the grace was over; null until read, or while up. */
    private String lastError;
    private boolean reading;

    /** {@code recheck} runs on the events executor when the grace may be over, and when the status was read. */
    ControllerLink(Duration grace, ScheduledExecutorService events, OvsdbSession session, Runnable recheck) {
        this.grace = grace;
        this.events = events;
        this.session = session;
        this.recheck = recheck;
    }

    /** The problem to report now, if the bridge has been unconnected to {@code spec}'s controller for too long. */
    Optional<String> problem(HypervisorView view, HypervisorSpec spec) {
        Optional<UUID> down = downController(view, spec);
        if (down.isEmpty()) {
            downSince = UP;
            lastError = null;
            cancelRecheck();
            return Optional.empty();
        }
        long now = System.nanoTime();
        if (downSince == UP) {
            downSince = now;
            graceOver = events.schedule(recheck, grace.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (now - downSince < grace.toNanos()) {
            return Optional.empty();
        }
        if (lastError == null) {
            readLastError(down.get());
            return Optional.empty();
        }
        String target = spec.controllerTarget().orElseThrow();
        return Optional.of(String.format("bridge %s has not been connected to the manager's OpenFlow controller %s "
                + "for more than %d s (ovs-vswitchd: %s), so the manager cannot program it: this host must reach "
                + "that address (--openflow-advertise, --openflow-listen)%s", spec.bridge(), target,
                grace.toSeconds(), lastError, target.startsWith("ssl:") ? TLS_HINT : ""));
    }

    /** Reads the row's status once; a failed read still lets the problem be reported, without the cause. */
    private void readLastError(UUID controller) {
        if (reading) {
            return;
        }
        reading = true;
        session.readStringMap(Vswitch.DATABASE, Vswitch.CONTROLLER, controller, "status")
                .whenComplete((status, error) -> {
                    reading = false;
                    lastError = describe(status == null ? Map.of() : status);
                    recheck.run();
                });
    }

    private static String describe(Map<String, String> status) {
        String error = status.get("last_error");
        return error == null ? "no error reported yet, state " + status.getOrDefault("state", "unknown")
                : "\"" + error + "\", state " + status.getOrDefault("state", "unknown");
    }

    private void cancelRecheck() {
        if (graceOver != null) {
            graceOver.cancel(false);
            graceOver = null;
        }
    }

    /** Whether ovs-vswitchd reports the bridge unconnected to {@code spec}'s controller now, grace or not. */
    static boolean reportedDown(HypervisorView view, HypervisorSpec spec) {
        return downController(view, spec).isPresent();
    }

    /** Our controller row, as the spec wants it, on a bridge ovs-vswitchd runs, reported not connected. */
    private static Optional<UUID> downController(HypervisorView view, HypervisorSpec spec) {
        Optional<UUID> bridge = view.bridgeNamed(spec.bridge());
        if (spec.controllerTarget().isEmpty() || bridge.isEmpty()
                || Rows.string(view.row(Vswitch.BRIDGE, bridge.get()), "datapath_id").isEmpty()) {
            return Optional.empty();
        }
        return view.uuids(Vswitch.BRIDGE, bridge.get(), "controller").stream()
                .filter(uuid -> view.ownedAs(Vswitch.CONTROLLER, uuid, Vswitch.OWNER_CONTROLLER))
                .filter(uuid -> {
                    Row row = view.row(Vswitch.CONTROLLER, uuid);
                    return row != null && spec.controllerTarget().get().equals(Rows.string(row, "target"))
                            && "false".equals(Rows.string(row, "is_connected"));
                })
                .sorted().findFirst();
    }
}
