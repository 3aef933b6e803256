package org.vtepmanager.lab;

import java.util.regex.Pattern;

/**
 * How a VM or bare-metal server is addressed: MAC, IPv4 address with prefix length, and the VLAN its frames carry
 * on the switch port (0 = untagged). MTU defaults to 1450: a 1500-byte underlay minus the 50-byte VXLAN overhead.
 */
public record EndpointSpec(String mac, String ipCidr, int vlan, int mtu) {

    public static final int OVERLAY_MTU = 1450;
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}");

    public EndpointSpec {
        if (!MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("endpoint mac '" + mac + "' is not a lower-case xx:xx:xx:xx:xx:xx MAC");
        }
        if (!CIDR.matcher(ipCidr).matches()) {
            throw new IllegalArgumentException("endpoint ip '" + ipCidr + "' is not an IPv4 address/prefix");
        }
        if (vlan < 0 || vlan > 4094) {
            throw new IllegalArgumentException("endpoint vlan " + vlan + " is out of range 0..4094");
        }
    }

    public static EndpointSpec untagged(String mac, String ipCidr) {
        return new EndpointSpec(mac, ipCidr, 0, OVERLAY_MTU);
    }

    public EndpointSpec tagged(int vlanId) {
        return new EndpointSpec(mac, ipCidr, vlanId, mtu);
    }

    public String ip() {
        return ipCidr.substring(0, ipCidr.indexOf('/'));
    }
}
