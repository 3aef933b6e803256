package org.vtepmanager.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A hardware VTEP, emulated by Open vSwitch's {@code ovs-vtep}: one ovsdb-server serves both the Open_vSwitch
 * database and the {@code hardware_vtep} database, and the emulator programs OVS from what a manager writes into
 * the latter. Bare-metal servers hang off ports of the physical-switch bridge {@code br0}.
 */
public final class TorSwitch extends OvsHost {

    public static final String PHYSICAL_SWITCH = "br0";
    private static final String OVS_VTEP = "/usr/share/openvswitch/scripts/ovs-vtep";
    /** Debian's interpreter: it sees the python3-openvswitch module, which another python3 on PATH may not. */
    private static final String SYSTEM_PYTHON = "/usr/bin/python3";

    TorSwitch(String name, String namespace, Path dir, String tunnelIp) {
        super(name, namespace, dir, tunnelIp);
    }

    void start(Underlay underlay, String rootEnd) {
        startOvs(List.of("vswitch", "vtep"), "db:hardware_vtep,Global,managers");
        joinUnderlay(underlay, rootEnd);
        vsctl("add-br", PHYSICAL_SWITCH, "--", "set", "bridge", PHYSICAL_SWITCH, "datapath_type=netdev");
        vtepctl("add-ps", PHYSICAL_SWITCH);
        vtepctl("set", "Physical_Switch", PHYSICAL_SWITCH, "tunnel_ips=" + tunnelIp(),
                "management_ips=" + tunnelIp());
        exec(SYSTEM_PYTHON, OVS_VTEP, "--log-file=" + runDir().resolve("ovs-vtep.log"),
                "--pidfile=" + runDir().resolve("ovs-vtep.pid"), "--detach", PHYSICAL_SWITCH).orThrow();
    }

    /** {@code vtep-ctl} against this ToR's hardware_vtep database; returns stdout, throws on failure. */
    public String vtepctl(String... args) {
        return ovsTool("vtep-ctl", "--db=" + ovsdbUnixTarget(), "--timeout=20", args).stdout();
    }

    /** Adds an OVS port to br0 and announces it as a Physical_Port of the switch. */
    void addPhysicalPort(String port) {
        vsctl("add-port", PHYSICAL_SWITCH, port);
        vtepctl("--may-exist", "add-port", PHYSICAL_SWITCH, port);
    }

    /** The MACs the emulator learned on its ports for logical switch {@code logicalSwitch} (Ucast_Macs_Local). */
    public List<String> localMacs(String logicalSwitch) {
        List<String> macs = new ArrayList<>();
        for (String line : vtepctl("list-local-macs", logicalSwitch).lines().toList()) {
            String trimmed = line.strip();
            // "ucast-mac-local" header lines are followed by "  MAC -> vxlan_over_ipv4/IP" entries.
            if (trimmed.contains(" -> ")) {
                macs.add(trimmed.substring(0, trimmed.indexOf(' ')));
            }
        }
        return macs;
    }

    @Override
    public void setManager(String target) {
        vtepctl("set-manager", target);
    }
}
