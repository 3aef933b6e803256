package org.vtepmanager.core.mac;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;

class ArpTableTest {

    private final ArpTable arp = new ArpTable(Vni.of(5000));
    private final MacAddress vm1 = MacAddress.parse("02:00:00:00:00:01");
    private final MacAddress vm2 = MacAddress.parse("02:00:00:00:00:02");

    @Test
    void latestClaimWinsAndReportsWhoseClaimsChanged() throws Exception {
        InetAddress ip = InetAddress.getByName("10.0.0.5");
        assertThat(arp.glean(ip, vm1, 0)).containsExactly(vm1);
        assertThat(arp.glean(ip, vm1, 10)).isEmpty();
        assertThat(arp.glean(ip, vm2, 20)).as("vm2 took the IP from vm1").containsExactly(vm2, vm1);
        assertThat(arp.resolve(ip, 20, 1_000)).contains(vm2);
    }

    @Test
    void aBindingAnswersOnlyWhileItsOwnersLastClaimIsWithinTheReachableTime() throws Exception {
        InetAddress ip = InetAddress.getByName("10.0.0.5");
        arp.glean(ip, vm1, 0);
        assertThat(arp.resolve(ip, 999, 1_000)).contains(vm1);
        assertThat(arp.resolve(ip, 1_000, 1_000)).as("claimed a whole reachable time ago").isEmpty();
        assertThat(arp.bindings()).as("kept until it ages").extracting(ArpBinding::mac).containsExactly(vm1);

        arp.glean(ip, vm1, 1_500);
        assertThat(arp.resolve(ip, 2_000, 1_000)).as("claimed again").contains(vm1);
        assertThat(arp.resolve(ip, 2_000, 0)).as("a reachable time of zero never answers").isEmpty();
        assertThat(arp.resolve(InetAddress.getByName("10.0.0.9"), 2_000, 1_000)).isEmpty();
    }

    @Test
    void probesAndGroupMacsClaimNothing() throws Exception {
        assertThat(arp.glean(InetAddress.getByName("0.0.0.0"), vm1, 0)).isEmpty();
        assertThat(arp.glean(InetAddress.getByName("10.0.0.6"), MacAddress.parse("ff:ff:ff:ff:ff:ff"), 0)).isEmpty();
        assertThat(arp.bindings()).isEmpty();
    }

    @Test
    void eachMacsClaimsFollowItsClaimsTakeoversAndAging() throws Exception {
        InetAddress five = InetAddress.getByName("10.0.0.5");
        InetAddress six = InetAddress.getByName("10.0.0.6");
        arp.glean(five, vm1, 0);
        arp.glean(six, vm1, 500);
        assertThat(arp.claimsOf(vm1)).containsExactlyInAnyOrder(five, six);

        arp.glean(five, vm2, 600);
        assertThat(arp.claimsOf(vm1)).containsExactly(six);
        assertThat(arp.claimsOf(vm2)).containsExactly(five);

        arp.ageOut(1_000, 1_000);
        arp.ageOut(1_500, 1_000);
        assertThat(arp.claimsOf(vm1)).isEmpty();
        assertThat(arp.claimsOf(vm2)).containsExactly(five);
    }

    @Test
    void bindingsAgeOut() throws Exception {
        arp.glean(InetAddress.getByName("10.0.0.5"), vm1, 0);
        arp.glean(InetAddress.getByName("10.0.0.6"), vm2, 500);
        assertThat(arp.ageOut(1_000, 1_000)).extracting(ArpBinding::mac).containsExactly(vm1);
        assertThat(arp.bindings()).extracting(ArpBinding::mac).containsExactly(vm2);
    }
}
