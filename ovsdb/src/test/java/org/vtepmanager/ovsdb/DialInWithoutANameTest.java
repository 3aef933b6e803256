package org.vtepmanager.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.ovsdb.Eventually.assertThatEventually;
import static org.vtepmanager.ovsdb.Eventually.assertThatThroughout;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.VtepId;

/**
 * A real switch that dials the manager before it has a name (a hypervisor without external_ids:system-id, a
 * hardware_vtep database without a Physical_Switch) is registered only once it has one, under that name: never
 * under its address and source port, which would be a new VTEP on every reconnect.
 */
class DialInWithoutANameTest extends DialInSouthboundTest {

    @Test
    void aHypervisorWithoutASystemIdIsRegisteredOnceItHasOne() {
        RealOvsdbServer server = track(RealOvsdbServer.vswitch());
        server.vsctl("--no-wait", "set", "Open_vSwitch", ".", "other_config:local_ip=192.0.2.1");
        server.addRemote(listener);
        assertThatEventually(CONVERGE, server::log, log -> assertThat(log).contains(listener + ": connected"));
        assertThatThroughout(SETTLE, () -> southbound.store.current().vteps(), vteps -> assertThat(vteps).isEmpty());

        server.vsctl("--no-wait", "set", "Open_vSwitch", ".", "external_ids:system-id=hv-late");

        assertThatEventually(CONVERGE, () -> southbound.store.current().vteps().keySet(),
                vteps -> assertThat(vteps).containsExactly(VtepId.derivedFrom("hv-late")));
    }

    @Test
    void aTorWithoutAPhysicalSwitchIsRegisteredOnceItHasOne() {
        RealOvsdbServer server = track(RealOvsdbServer.start(List.of("vtep")));
        server.addRemote(listener);
        assertThatEventually(CONVERGE, server::log, log -> assertThat(log).contains(listener + ": connected"));
        assertThatThroughout(SETTLE, () -> southbound.store.current().vteps(), vteps -> assertThat(vteps).isEmpty());

        server.vtepctl("add-ps", "tor-late");
        server.vtepctl("set", "Physical_Switch", "tor-late", "tunnel_ips=192.0.2.10");

        assertThatEventually(CONVERGE, () -> southbound.store.current().vteps().keySet(),
                vteps -> assertThat(vteps).containsExactly(VtepId.derivedFrom("tor-late")));
    }
}
