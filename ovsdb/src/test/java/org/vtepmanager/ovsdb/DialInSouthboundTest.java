package org.vtepmanager.ovsdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.topology.VtepView;

/**
 * A test against the whole southbound ({@link SouthboundFixture}) listening for switches that dial in, on a fresh
 * store: started before each test, and closed after it with every real switch the test started through
 * {@link #track}.
 */
abstract class DialInSouthboundTest {

    static final Duration CONVERGE = Duration.ofSeconds(20);
    /** Long enough for a dial-in's observation to register a VTEP, had it been wrongly taken as a new one. */
    static final Duration SETTLE = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    SouthboundFixture southbound;
    /** The target switches dial to reach the southbound. */
    String listener;
    private final List<RealOvsdbServer> servers = new ArrayList<>();

    @BeforeEach
    void startSouthbound() throws Exception {
        southbound = new SouthboundFixture(dir);
        registerBeforeStart();
        listener = southbound.listen();
        southbound.start();
    }

    /** Intent the southbound finds when it starts: none unless a test class says. */
    void registerBeforeStart() {
    }

    @AfterEach
    void stopSouthbound() throws Exception {
        southbound.close();
        servers.forEach(RealOvsdbServer::close);
    }

    /** {@code server}, closed after the test. */
    RealOvsdbServer track(RealOvsdbServer server) {
        servers.add(server);
        return server;
    }

    /** A hypervisor named {@code systemId} with tunnel IP {@code localIp}, dialling the southbound; tracked. */
    RealOvsdbServer dialIn(String systemId, String localIp) {
        RealOvsdbServer server = track(RealOvsdbServer.vswitch());
        server.vsctl("--no-wait", "set", "Open_vSwitch", ".", "external_ids:system-id=" + systemId,
                "other_config:local_ip=" + localIp);
        server.addRemote(listener);
        return server;
    }

    Optional<VtepView> view(VtepId id) {
        return southbound.topology.vteps().stream().filter(v -> v.vtep().id().equals(id)).findFirst();
    }
}
