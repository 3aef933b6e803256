package org.vtepmanager.core.intent;

import java.util.Optional;
import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;

/**
 * A VTEP the manager manages: where to reach its OVSDB and, when known in advance, its tunnel IP. A VTEP that
 * reports its own tunnel IP over OVSDB needs none here; an observed IP never overrides a configured one. A VTEP
 * without an OVSDB target dials the manager itself ({@code set-manager}) and was registered when it first did.
 */
public record Vtep(VtepId id, VtepKind kind, Optional<OvsdbAddress> ovsdbTarget, Optional<TunnelIp> tunnelIp) {

    public Vtep {
        if (id == null) {
            throw new InvalidValueException("id", "is required");
        }
        if (kind == null) {
            throw new InvalidValueException("kind", "is required");
        }
        ovsdbTarget = ovsdbTarget == null ? Optional.empty() : ovsdbTarget;
        tunnelIp = tunnelIp == null ? Optional.empty() : tunnelIp;
    }
}
