package org.vtepmanager.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vtepmanager.core.InvalidValueException;

class TunnelPortNameTest {

    @Test
    void anIpv4TunnelIsNamedByItsAddressInHexAndAnIpv6OneFitsTheKernelsLimit() {
        assertThat(TunnelPortName.of("172.30.2.11")).isEqualTo("vxac1e020b");
        assertThat(TunnelPortName.of("fd00::1")).startsWith("vx").hasSize(14)
                .isEqualTo(TunnelPortName.of("fd00:0:0:0:0:0:0:1"));
    }

    @Test
    void aHostNameIsRefusedNotLookedUp() {
        assertThatThrownBy(() -> TunnelPortName.of("localhost")).isInstanceOf(InvalidValueException.class)
                .hasMessage("remoteIp: 'localhost' is not an IPv4 or IPv6 address");
    }
}
