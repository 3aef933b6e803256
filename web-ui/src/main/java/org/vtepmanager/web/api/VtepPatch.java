package org.vtepmanager.web.api;

import java.util.Optional;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.intent.Vtep;

/**
 * What a merge patch of a VTEP sets, parsed once: each field is either left as the VTEP has it or replaced, by a
 * value or by none (a JSON null). Parsed before it is merged, so a merge that must be made again on a newer version
 * of the VTEP (see {@link VtepResource}) cannot fail on the body.
 */
record VtepPatch(boolean setsTarget, Optional<OvsdbAddress> target, boolean setsTunnelIp,
        Optional<TunnelIp> tunnelIp) {

    static VtepPatch of(JsonBody body) {
        return new VtepPatch(body.has("ovsdbTarget"), body.optionalString("ovsdbTarget").map(OvsdbAddress::parse),
                body.has("tunnelIp"), body.optionalString("tunnelIp").map(TunnelIp::parse));
    }

    Vtep applyTo(Vtep was) {
        return new Vtep(was.id(), was.kind(), setsTarget ? target : was.ovsdbTarget(),
                setsTunnelIp ? tunnelIp : was.tunnelIp());
    }
}
