package org.vtepmanager.core;

/**
 * Where the manager dials a VTEP's ovsdb-server, in Open vSwitch connection-method syntax: {@code tcp:IP[:PORT]}
 * (IPv6 in brackets) or {@code unix:PATH}. Only the syntax lives here, so that intent can be validated without the
 * OVSDB module; the text is kept in canonical form (default port filled in).
 */
public record OvsdbAddress(String text) {

    public static final int DEFAULT_PORT = 6640;
    private static final String FIELD = "ovsdbTarget";

    public OvsdbAddress {
        text = canonical(text);
    }

    public static OvsdbAddress parse(String text) {
        return new OvsdbAddress(text);
    }

    private static String canonical(String text) {
        if (text != null && text.startsWith("unix:") && text.length() > "unix:".length()) {
            return text;
        }
        if (text == null || !text.startsWith("tcp:")) {
            throw invalid(text, "expected tcp:IP[:PORT] or unix:PATH");
        }
        String rest = text.substring("tcp:".length());
        boolean bracketed = rest.startsWith("[");
        int hostEnd = bracketed ? rest.indexOf(']') + 1 : rest.indexOf(':') < 0 ? rest.length() : rest.indexOf(':');
        if (bracketed && hostEnd == 0) {
            throw invalid(text, "unclosed '[' in IPv6 address");
        }
        String host = bracketed ? rest.substring(1, hostEnd - 1) : rest.substring(0, hostEnd);
        String after = rest.substring(hostEnd);
        if (!after.isEmpty() && !after.startsWith(":")) {
            throw invalid(text, "unexpected '" + after + "' after the address");
        }
        int port = after.isEmpty() ? DEFAULT_PORT : port(text, after.substring(1));
        String ip = ip(text, host);
        return "tcp:" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }

    private static String ip(String text, String host) {
        try {
            return IpLiterals.parse(FIELD, host).getHostAddress();
        } catch (InvalidValueException e) {
            throw invalid(text, e.reason());
        }
    }

    private static int port(String text, String port) {
        try {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65_535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below like an out-of-range number
        }
        throw invalid(text, "port '" + port + "' is not a number in 1..65535");
    }

    private static InvalidValueException invalid(String text, String reason) {
        return new InvalidValueException(FIELD, "'" + text + "' is not an OVSDB target: " + reason);
    }

    @Override
    public String toString() {
        return text;
    }
}
