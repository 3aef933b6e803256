package org.vtepmanager.lab;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Every namespace, link, bridge and directory of one lab starts with the lab's prefix, so a teardown (or a later
 * sweep after a crash) finds all of it by name and never touches anything another run made.
 */
public final class LabNames {

    /** Linux limits interface names to IFNAMSIZ - 1 characters. */
    public static final int MAX_INTERFACE_NAME = 15;

    private static final String PREFIX_START = "vt";
    private static final Pattern PREFIX = Pattern.compile("vt[a-z0-9]{4}");
    private static final Pattern ELEMENT = Pattern.compile("[a-z][a-z0-9]{0,7}");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private LabNames() {
    }

    /** A fresh prefix such as {@code vt4k9x}: short enough to leave room for names under 15 characters. */
    public static String newPrefix() {
        StringBuilder prefix = new StringBuilder(PREFIX_START);
        for (int i = 0; i < 4; i++) {
            prefix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return prefix.toString();
    }

    public static boolean isPrefix(String text) {
        return PREFIX.matcher(text).matches();
    }

    /**
     * Checks a host or endpoint name given by a test: lower case, starting with a letter, at most 8 characters,
     * so that derived interface names stay within Linux's limit.
     */
    public static String element(String name) {
        if (!ELEMENT.matcher(name).matches()) {
            throw new IllegalArgumentException("lab element name '" + name
                    + "' must be 1-8 lower-case letters or digits, starting with a letter");
        }
        return name;
    }

    /** An interface name, checked against the kernel's limit. */
    public static String link(String name) {
        if (name.length() > MAX_INTERFACE_NAME) {
            throw new IllegalArgumentException("interface name '" + name + "' is longer than "
                    + MAX_INTERFACE_NAME + " characters");
        }
        return name;
    }
}
