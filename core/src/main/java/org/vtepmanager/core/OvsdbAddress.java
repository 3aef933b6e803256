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
            return unix(text, text.substring("unix:".length()));
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

    /** A path OVS would take literally, but that no operator means: a space typed after the colon, a stray byte. */
    private static String unix(String text, String path) {
        if (path.isBlank() || !path.strip().equals(path)) {
            throw invalid(text, "path '" + path + "' is blank or starts or ends with white space");
        }
        if (path.chars().anyMatch(Character::isISOControl)) {
            throw invalid(text, "path holds a control character");
        }
        return text;
    }

    private static String ip(String text, String host) {
        try {
            return IpLiterals.parse(FIELD, host).getHostAddress();
        } catch (InvalidValueException e) {
            throw invalid(text, e.reason());
        }
    }

    private static int port(String text, String port) {
        // Digits only: Integer.parseInt would take "+80", which OVS's own parser refuses.
        if (!port.isEmpty() && port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65_535) {
                return value;
            }
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
