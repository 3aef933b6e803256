package org.vtepmanager.core.intent;

import java.util.Optional;
import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;

/**
 * A VTEP the operator registered: where to reach its OVSDB and, when known in advance, its tunnel IP. A VTEP that
 * reports its own tunnel IP over OVSDB needs none here; an observed IP never overrides a configured one.
 */
public record Vtep(VtepId id, VtepKind kind, OvsdbAddress ovsdbTarget, Optional<TunnelIp> tunnelIp) {

    public Vtep {
        if (id == null) {
            throw new InvalidValueException("id", "is required");
        }
        if (kind == null) {
            throw new InvalidValueException("kind", "is required");
        }
        if (ovsdbTarget == null) {
            throw new InvalidValueException("ovsdbTarget", "is required");
        }
        tunnelIp = tunnelIp == null ? Optional.empty() : tunnelIp;
    }
}
