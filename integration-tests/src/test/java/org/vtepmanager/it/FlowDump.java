package org.vtepmanager.it;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code ovs-ofctl dump-flows} output: each of our flows (cookie 0x7674...) by identity, with its age. */
final class FlowDump {

    private static final Pattern FLOW = Pattern.compile(
            "cookie=(0x7674[0-9a-f]*), duration=([0-9.]+)s, table=(\\d+), n_packets=\\d+, n_bytes=\\d+, (.*)");

    private FlowDump() {
    }

    /** "table=T cookie match-and-actions" → seconds since the switch installed it. */
    static Map<String, Double> ours(String dump) {
        Map<String, Double> flows = new HashMap<>();
        for (String line : dump.lines().toList()) {
            Matcher flow = FLOW.matcher(line.strip());
            if (flow.matches()) {
                String rest = flow.group(4).replaceAll("idle_age=\\d+, ", "").replaceAll("hard_age=\\d+, ", "");
                flows.put("table=" + flow.group(3) + " " + flow.group(1) + " " + rest,
                        Double.parseDouble(flow.group(2)));
            }
        }
        return flows;
    }
}
