package org.vtepmanager.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The one-line, machine-readable summary every benchmark prints last: {@code RESULT name k=v k=v ...}. */
final class Result {

    private final String name;
    private final Map<String, String> figures = new LinkedHashMap<>();

    Result(String name) {
        this.name = name;
    }

    Result put(String key, double value) {
        // Counts (and figures past 100) without decimals; ratios and small figures with three.
        boolean whole = value >= 100 || value == Math.rint(value);
        figures.put(key, String.format(Locale.ROOT, whole ? "%.0f" : "%.3f", value));
        return this;
    }

    Result put(String key, long value) {
        figures.put(key, Long.toString(value));
        return this;
    }

    Result put(String key, String value) {
        figures.put(key, value);
        return this;
    }

    String line() {
        StringBuilder line = new StringBuilder("RESULT ").append(name);
        figures.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        return line.toString();
    }
}
