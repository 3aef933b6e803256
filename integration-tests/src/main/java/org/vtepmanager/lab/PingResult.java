package org.vtepmanager.lab;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How many probes (ICMP echo or ARP) went out and how many answers came back. */
public record PingResult(int transmitted, int received, String output) {

    /**
     * iputils ping: "3 packets transmitted, 3 received"; Habets arping: "3 packets transmitted, 3 packets
     * received".
     */
    private static final Pattern SUMMARY =
            Pattern.compile("(\\d+) packets transmitted, (\\d+) (?:packets )?received");

    public static PingResult parse(String output) {
        Matcher matcher = SUMMARY.matcher(output);
        if (!matcher.find()) {
            throw new LabException("no summary line in ping/arping output: " + output.strip());
        }
        return new PingResult(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), output);
    }

    public boolean allAnswered() {
        return transmitted > 0 && received == transmitted;
    }

    public boolean noneAnswered() {
        return received == 0;
    }

    @Override
    public String toString() {
        return received + "/" + transmitted + " answered";
    }
}
