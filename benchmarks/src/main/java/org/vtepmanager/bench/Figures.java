package org.vtepmanager.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The packet-in figures the targets are judged on, and the verdicts ("yes", "no" or "n/a"). */
final class Figures {

    private final Map<String, Double> rates = new HashMap<>();
    private final Map<String, Double> p99s = new HashMap<>();
    private final Map<String, Double> flowMods = new HashMap<>();
    private final Map<String, Double> fixedTotalRates = new HashMap<>();

    void record(String target, int n, double learnedPerSecond, double flowModsPerSecond, double p99Micros) {
        rates.put(target + n, learnedPerSecond);
        flowMods.put(target + n, flowModsPerSecond);
        p99s.put(target + n, p99Micros);
    }

    /** Learned MACs per second with the total outstanding of fewer switches, spread over {@code n}. */
    void recordFixedTotal(String target, int n, double learnedPerSecond) {
        fixedTotalRates.put(target + n, learnedPerSecond);
    }

    double rate(String target, int n) {
        return rates.getOrDefault(target + n, Double.NaN);
    }

    /**
     * At least 2× ovs-testcontroller at every N both ran (and, to show where it holds, at each N); p99 under 1 ms at
     * 1 switch; learned MACs per second at 64 switches ≥ flat × 16, each switch with the same window. Also, not
     * targets but what explains that one: whether flow-mods per second stay flat (a learn writes a destination entry
     * on every switch of the network, so learns per second cannot), and whether learns stay flat when the 64 switches
     * share the outstanding packet-ins of 16.
     */
    Map<String, String> targets(List<Integer> counts, double flat) {
        Map<String, String> verdicts = new LinkedHashMap<>();
        List<Integer> compared = counts.stream().filter(n -> rates.containsKey("tc" + n)).toList();
        verdicts.put("target_2x", compared.isEmpty() ? "n/a"
                : verdict(compared.stream().allMatch(n -> rate("ours", n) >= 2 * rate("tc", n))));
        compared.forEach(n -> verdicts.put("target_2x_n" + n, verdict(rate("ours", n) >= 2 * rate("tc", n))));
        verdicts.put("target_p99_1ms", p99s.containsKey("ours1") ? verdict(p99s.get("ours1") < 1000) : "n/a");
        verdicts.put("target_flat_16_64", rates.containsKey("ours16") && rates.containsKey("ours64")
                ? verdict(rate("ours", 64) >= flat * rate("ours", 16)) : "n/a");
        verdicts.put("flat_16_64_fixed_total", rates.containsKey("ours16") && fixedTotalRates.containsKey("ours64")
                ? verdict(fixedTotalRates.get("ours64") >= flat * rate("ours", 16)) : "n/a");
        verdicts.put("flowmods_flat_16_64", flowMods.containsKey("ours16") && flowMods.containsKey("ours64")
                ? verdict(flowMods.get("ours64") >= flat * flowMods.get("ours16")) : "n/a");
        return verdicts;
    }

    private static String verdict(boolean met) {
        return met ? "yes" : "no";
    }
}
