package org.vtepmanager.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Whether this machine can run a lab: root, and every tool the lab calls, installed. */
public final class LabPreconditions {

    private static final List<String> TOOLS = List.of("ip", "ethtool", "ping", "arping", "tcpdump",
            "ovsdb-tool", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovs-ofctl", "ovs-appctl", "vtep-ctl");
    private static final Path OVS_VTEP = Path.of("/usr/share/openvswitch/scripts/ovs-vtep");
    private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");

    private LabPreconditions() {
    }

    /** Empty when a lab can run; otherwise what is missing, in one line. */
    public static Optional<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!isRoot()) {
            missing.add("root (network namespaces need it)");
        }
        TOOLS.stream().filter(tool -> !onPath(tool)).forEach(missing::add);
        if (!Files.isRegularFile(OVS_VTEP)) {
            missing.add(OVS_VTEP + " (package openvswitch-vtep)");
        } else if (!Files.isExecutable(SYSTEM_PYTHON)
                || !Shell.run(SYSTEM_PYTHON.toString(), "-c", "import ovs").ok()) {
            missing.add("python module ovs for /usr/bin/python3 (package python3-openvswitch)");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of("missing " + String.join(", ", missing));
    }

    private static boolean isRoot() {
        return "0".equals(Shell.run("id", "-u").stdout().strip());
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
