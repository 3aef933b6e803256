package org.vtepmanager.ovsdb;

import java.util.Map;
import java.util.Optional;

/**
 * A BFD session's {@code bfd_status} column, which hardware_vtep's Tunnel and Open_vSwitch's Interface spell alike
 * ({@code state}, {@code forwarding}, {@code diagnostic}).
 */
public final class BfdStatus {

    private BfdStatus() {
    }

    /**
     * The session's state: {@code state} ("up", "down", "init", "admin_down"), else "up"/"down" from
     * {@code forwarding}. A session that is not running (no BFD configured; the ovs-vtep emulator writes only
     * {@code enabled=false} then) has no state rather than a made-up one.
     */
    public static Optional<String> state(Map<String, String> bfdStatus) {
        String state = bfdStatus.get("state");
        if (state != null && !state.isEmpty()) {
            return Optional.of(state);
        }
        String forwarding = bfdStatus.get("forwarding");
        return forwarding == null ? Optional.empty() : Optional.of("true".equals(forwarding) ? "up" : "down");
    }

    /** Why the session says its tunnel does not forward, when it says so. */
    public static Optional<String> notForwarding(Map<String, String> bfdStatus) {
        if (!"false".equals(bfdStatus.get("forwarding"))) {
            return Optional.empty();
        }
        return Optional.of("bfd_status forwarding=false (diagnostic '" + bfdStatus.getOrDefault("diagnostic", "")
                + "')");
    }
}
