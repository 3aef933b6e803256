package org.vtepmanager.ovsdb;

import java.util.Optional;
import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.VtepId;

/**
 * A switch the command line tells the manager to dial, and the VTEP id it is to be registered under, if given
 * ({@code hv1=tcp:192.0.2.1}); without one, the id is made from the target. Named ones read well on the dashboard
 * and in the API, and scripts know them without rebuilding the made-up id.
 */
public record ConnectTarget(Optional<VtepId> vtep, OvsdbTarget target) {

    public ConnectTarget {
        if (!target.isActive()) {
            throw listener(target.toString());
        }
    }

    /**
     * {@code [ID=]TARGET}. A VTEP id has no ':' and every target starts with its method and a ':', so text before
     * the first '=' is an id exactly when it holds no ':' (a socket path may hold '=' of its own).
     *
     * @throws IllegalArgumentException naming the id or the target and what is wrong with it
     */
    public static ConnectTarget parse(String text) {
        int equals = text.indexOf('=');
        if (equals < 0 || text.substring(0, equals).contains(":")) {
            return new ConnectTarget(Optional.empty(), dialled(text));
        }
        VtepId vtep;
        try {
            vtep = VtepId.of(text.substring(0, equals));
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException(e.reason());
        }
        return new ConnectTarget(Optional.of(vtep), dialled(text.substring(equals + 1)));
    }

    /** Checked here too, so that the reason quotes the target as given rather than completed. */
    private static OvsdbTarget dialled(String text) {
        OvsdbTarget target = OvsdbTarget.parse(text);
        if (!target.isActive()) {
            throw listener(text);
        }
        return target;
    }

    private static IllegalArgumentException listener(String target) {
        return new IllegalArgumentException("'" + target + "' is a listener; a switch to dial is tcp:IP[:PORT], "
                + "ssl:IP[:PORT] or unix:PATH");
    }

    @Override
    public String toString() {
        return vtep.map(id -> id + "=").orElse("") + target;
    }
}
