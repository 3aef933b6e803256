package org.vtepmanager.app;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.vtepmanager.ovsdb.OvsdbTarget;

/** Everything the manager is told at start; validated by {@link Main} before anything starts. */
public record ManagerConfig(
        InetSocketAddress openflowListen,
        OvsdbTarget.PassiveTcp ovsdbListen,
        List<OvsdbTarget> ovsdbConnect,
        String httpHost,
        int httpPort,
        Path dataDir,
        Hypervisors hypervisors,
        List<OvsdbTarget> hardwareVtepConnect) {

    public ManagerConfig {
        ovsdbConnect = List.copyOf(ovsdbConnect);
        hardwareVtepConnect = List.copyOf(hardwareVtepConnect);
    }

    /** A manager that dials no hardware VTEP itself (ToRs may still dial in or be registered over the API). */
    public ManagerConfig(InetSocketAddress openflowListen, OvsdbTarget.PassiveTcp ovsdbListen,
            List<OvsdbTarget> ovsdbConnect, String httpHost, int httpPort, Path dataDir, Hypervisors hypervisors) {
        this(openflowListen, ovsdbListen, ovsdbConnect, httpHost, httpPort, dataDir, hypervisors, List.of());
    }

    /**
     * How hypervisors are set up.
     *
     * @param openflowAdvertise the address switches are told to dial for OpenFlow; empty: the OpenFlow listen
     *     address when it is a specific one, else the address each OVSDB session reached the manager on
     */
    public record Hypervisors(String integrationBridge, String datapathType, Optional<String> openflowAdvertise) {
        public static final Hypervisors DEFAULTS = new Hypervisors("br-int", "system", Optional.empty());
    }

    /** The address switches must dial for OpenFlow, when one can be named for every session. */
    Optional<String> openflowAddressForSwitches() {
        return hypervisors.openflowAdvertise().or(() -> openflowListen.getAddress().isAnyLocalAddress()
                ? Optional.empty() : Optional.of(openflowListen.getAddress().getHostAddress()));
    }
}
