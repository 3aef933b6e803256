package org.vtepmanager.core.mac;

import java.util.Optional;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;

/** Which MAC entries to list; an empty criterion matches everything. */
public record MacFilter(Optional<Vni> vni, Optional<VtepId> vtep, Optional<MacSource> source) {

    public static final MacFilter ALL = new MacFilter(Optional.empty(), Optional.empty(), Optional.empty());

    public boolean matches(MacEntry entry) {
        return vni.map(entry.vni()::equals).orElse(true)
                && vtep.map(entry.location().vtep()::equals).orElse(true)
                && source.map(entry.source()::equals).orElse(true);
    }
}
