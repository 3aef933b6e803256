package org.vtepmanager.app;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.vtepmanager.ovsdb.OvsdbTarget;

/** Everything the manager is told at start; validated by {@link Main} before anything starts. */
public record ManagerConfig(
        InetSocketAddress openflowListen,
        OvsdbTarget.PassiveTcp ovsdbListen,
        List<OvsdbTarget> ovsdbConnect,
        String httpHost,
        int httpPort,
        Path dataDir) {

    public ManagerConfig {
        ovsdbConnect = List.copyOf(ovsdbConnect);
    }
}
