package org.vtepmanager.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Open vSwitch hypervisor. Its tunnel IP is published as {@code Open_vSwitch other_config:local_ip}, the
 * convention OpenStack and OpenDaylight hypervisors use, and {@code external_ids:system-id} names it.
 */
public final class Hypervisor extends OvsHost {

    public static final String INTEGRATION_BRIDGE = "br-int";
    private static final Pattern REMOTE_IP = Pattern.compile("remote_ip=([^ ,\"]+)");

    Hypervisor(String name, String namespace, Path dir, String tunnelIp) {
        super(name, namespace, dir, tunnelIp);
    }

    void start(Underlay underlay, String rootEnd, String systemId) {
        startOvs(List.of("vswitch"), "db:Open_vSwitch,Open_vSwitch,manager_options");
        vsctl("set", "Open_vSwitch", ".", "other_config:local_ip=" + tunnelIp(),
                "external_ids:system-id=" + systemId);
        joinUnderlay(underlay, rootEnd);
    }

    /**
     * Creates br-int if it is missing, as a VIF-plugging script would; a manager that later takes the bridge over
     * finds it already there.
     */
    public void ensureIntegrationBridge() {
        vsctl("--may-exist", "add-br", INTEGRATION_BRIDGE, "--", "set", "bridge", INTEGRATION_BRIDGE,
                "datapath_type=netdev");
    }

    /**
     * Restarts this host's ovs-vswitchd on the same database, as an upgrade of Open vSwitch does. It comes back
     * with no flow: Open vSwitch empties a bridge when it first gets a controller, so even flows saved and restored
     * the way {@code ovs-ctl restart --save-flows} does go as soon as the controller is configured again.
     */
    public void restartSwitch() {
        stopSwitchDaemon();
        startSwitchDaemon();
    }

    /**
     * Kills this host's ovs-vswitchd as a crash would, and leaves it down: its database stays up and keeps what the
     * daemon wrote last (a Controller row's {@code is_connected} among it).
     */
    public void crashSwitch() {
        killSwitchDaemon();
    }

    /** Starts ovs-vswitchd again after {@link #crashSwitch()}. */
    public void startSwitch() {
        startSwitchDaemon();
    }

    /**
     * Adds a hand-made VXLAN port on br-int (for baselines that run without the manager).
     *
     * @param key a fixed VNI, or {@code "flow"} to let OpenFlow set it
     */
    public void addVxlanPort(String port, String remoteIp, String key) {
        ensureIntegrationBridge();
        vsctl("add-port", INTEGRATION_BRIDGE, LabNames.link(port), "--", "set", "interface", port, "type=vxlan",
                "options:remote_ip=" + remoteIp, "options:key=" + key);
    }

    /** VXLAN ports of br-int by name, with their {@code options:remote_ip}. */
    public Map<String, String> vxlanPorts() {
        Map<String, String> ports = new TreeMap<>();
        String listing = vsctl("--format=csv", "--data=bare", "--no-headings", "--columns=name,type,options",
                "list", "Interface");
        for (String line : listing.lines().toList()) {
            String[] fields = line.split(",", 3);
            if (fields.length == 3 && fields[1].equals("vxlan")) {
                Matcher remote = REMOTE_IP.matcher(fields[2]);
                ports.put(fields[0], remote.find() ? remote.group(1) : "");
            }
        }
        return ports;
    }

    @Override
    public void setManager(String target) {
        vsctl("set-manager", target);
    }
}
