package org.vtepmanager.core.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.Vni;

class ReplicationTest {

    @Test
    void serviceNodeModeKeepsTheServiceNodesInOrder() {
        Replication replication = Replication.of("service-node", List.of("192.0.2.9", "2001:db8::1"));

        assertThat(replication.mode()).isEqualTo("service-node");
        assertThat(((Replication.ServiceNode) replication).serviceNodes())
                .containsExactly(TunnelIp.parse("192.0.2.9"), TunnelIp.parse("2001:db8::1"));
        assertThat(Replication.of("source-node", List.of())).isEqualTo(new Replication.SourceNode());
    }

    @Test
    void badServiceNodesAreRefusedNamingTheListElement() {
        assertThatThrownBy(() -> Replication.of("service-node", List.of("192.0.2.9", "300.1.1.1")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("replication.serviceNodes[1]: '300.1.1.1' is not an IPv4 or IPv6 address");
        assertThatThrownBy(() -> Replication.of("service-node", List.of("224.0.0.1")))
                .hasMessage("replication.serviceNodes[0]: 224.0.0.1 is not a unicast address");
        assertThatThrownBy(() -> Replication.of("service-node", List.of("192.0.2.9", "192.0.2.9")))
                .hasMessage("replication.serviceNodes[1]: 192.0.2.9 is listed twice");
        assertThatThrownBy(() -> Replication.of("service-node", List.of()))
                .hasMessageStartingWith("replication.serviceNodes: is empty");
    }

    @Test
    void unknownModeAndServiceNodesWithSourceNodeAreRefused() {
        assertThatThrownBy(() -> Replication.of("flood", List.of()))
                .hasMessage("replication.mode: 'flood' is not one of source-node, service-node");
        assertThatThrownBy(() -> Replication.of("source-node", List.of("192.0.2.9")))
                .hasMessage("replication.serviceNodes: must be empty with mode source-node");
    }

    @Test
    void aNetworkWithoutReplicationLeavesItToTheManagerDefault() {
        VirtualNetwork plain = new VirtualNetwork(Vni.of(5000), "web", "", OptionalInt.empty());
        VirtualNetwork explicit = new VirtualNetwork(Vni.of(5000), "web", "", OptionalInt.empty(),
                Optional.of(new Replication.SourceNode()));

        assertThat(plain.replication()).isEmpty();
        assertThat(explicit).isNotEqualTo(plain);
    }
}
