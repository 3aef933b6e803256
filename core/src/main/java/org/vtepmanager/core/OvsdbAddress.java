package org.vtepmanager.core;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the manager dials a VTEP's ovsdb-server, in Open vSwitch connection-method syntax: {@code tcp:IP[:PORT]}
 * or {@code ssl:IP[:PORT]} (IPv6 in brackets), or {@code unix:PATH}. Only the syntax lives here, so that intent can
 * be validated without the OVSDB module; the text is kept in canonical form (default port filled in).
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
        String method = text == null ? "" : text.startsWith("tcp:") ? "tcp:" : text.startsWith("ssl:") ? "ssl:" : "";
        if (method.isEmpty()) {
            throw invalid(text, "expected tcp:IP[:PORT], ssl:IP[:PORT] or unix:PATH");
        }
        String rest = text.substring(method.length());
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
        return method + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }

    private static String unix(String text, String path) {
        unixPathProblem(path).ifPresent(why -> {
            throw invalid(text, why);
        });
        return text;
    }

    /**
     * Why {@code path} is not a unix socket path an operator means, though OVS would take it literally (a space
     * typed after the colon, a stray control character); empty when it is one. Shared with the command line's
     * parser of connection methods.
     */
    public static Optional<String> unixPathProblem(String path) {
        if (path.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("path holds a control character");
        }
        if (path.isBlank() || !path.strip().equals(path)) {
            return Optional.of("path '" + path + "' is blank or starts or ends with white space");
        }
        return Optional.empty();
    }

    private static String ip(String text, String host) {
        try {
            return IpLiterals.parse(FIELD, host).getHostAddress();
        } catch (InvalidValueException e) {
            throw invalid(text, e.reason());
        }
    }

    private static int port(String text, String port) {
        return port(port, 1).orElseThrow(() -> invalid(text, "port '" + port + "' is not a number in 1..65535"));
    }

    /**
     * {@code text} as a port in {@code min}..65535 when written in ASCII digits only: Integer.parseInt would also
     * take "+80", "-0" and other scripts' digits, which OVS's own parser refuses. Shared with the command line's.
     */
    public static OptionalInt port(String text, int min) {
        if (!text.isEmpty() && text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int value = Integer.parseInt(text);
            if (value >= min && value <= 65_535) {
                return OptionalInt.of(value);
            }
        }
        return OptionalInt.empty();
    }

    private static InvalidValueException invalid(String text, String reason) {
        return new InvalidValueException(FIELD, "'" + text + "' is not an OVSDB target: " + reason);
    }

    @Override
    public String toString() {
        return text;
    }
}
