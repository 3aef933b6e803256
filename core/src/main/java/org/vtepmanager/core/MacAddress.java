package org.vtepmanager.core;

import java.util.HexFormat;

/**
 * An Ethernet MAC address held in the low 48 bits of a long, so that MAC tables can key on a primitive.
 * Text form is six colon-separated hex octets, lower case.
 */
public record MacAddress(long bits) implements Comparable<MacAddress> {

    private static final long MASK = (1L << 48) - 1;

    public MacAddress {
        if ((bits & ~MASK) != 0) {
            throw new InvalidValueException("mac", Long.toHexString(bits) + " does not fit in 48 bits");
        }
    }

    /** Parses {@code 02:00:5e:00:53:01} (either case; '-' accepted as the separator too, the same throughout). */
    public static MacAddress parse(String text) {
        if (text == null || text.length() != 17) {
            throw malformed(text);
        }
        char separator = text.charAt(2);
        if (separator != ':' && separator != '-') {
            throw malformed(text);
        }
        long bits = 0;
        for (int octet = 0; octet < 6; octet++) {
            int at = octet * 3;
            if (octet > 0 && text.charAt(at - 1) != separator) {
                throw malformed(text);
            }
            int high = hexDigit(text.charAt(at));
            int low = hexDigit(text.charAt(at + 1));
            if (high < 0 || low < 0) {
                throw malformed(text);
            }
            bits = (bits << 8) | (high << 4) | low;
        }
        return new MacAddress(bits);
    }

    /** ASCII only: {@link Character#digit} also takes full-width and other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** Group (multicast or broadcast) addresses have the I/G bit set; they never name one station. */
    public boolean isMulticast() {
        return (bits & (1L << 40)) != 0;
    }

    private static InvalidValueException malformed(String text) {
        return new InvalidValueException("mac", "'" + text + "' is not a MAC address (expected six hex octets like "
                + "02:00:5e:00:53:01)");
    }

    @Override
    public int compareTo(MacAddress other) {
        return Long.compare(bits, other.bits);
    }

    @Override
    public String toString() {
        String hex = HexFormat.of().toHexDigits(bits).substring(4);
        StringBuilder text = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            text.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return text.toString();
    }
}
