package org.vtepmanager.ovsdb;

import java.net.InetAddress;
import java.nio.file.Path;
import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.IpLiterals;
import org.vtepmanager.core.OvsdbAddress;

/** Parses Open vSwitch connection-method strings into {@link OvsdbTarget}s. */
final class OvsdbTargetParser {

    private static final String EXPECTED =
            "expected tcp:IP[:PORT], ssl:IP[:PORT], unix:PATH, ptcp:PORT[:IP] or pssl:PORT[:IP]";

    private OvsdbTargetParser() {
    }

    static OvsdbTarget parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw invalid(text, EXPECTED);
        }
        String method = text.substring(0, colon);
        String rest = text.substring(colon + 1);
        return switch (method) {
            case "tcp", "ssl" -> parseTcp(text, rest, method.equals("ssl"));
            case "unix" -> parseUnix(text, rest);
            case "ptcp", "pssl" -> parsePassiveTcp(text, rest, method.equals("pssl"));
            default -> throw invalid(text, "unknown method '" + method + "': " + EXPECTED);
        };
    }

    private static OvsdbTarget.Tcp parseTcp(String text, String rest, boolean tls) {
        HostPort hostPort = HostPort.split(text, rest);
        if (hostPort.host().isEmpty()) {
            throw invalid(text, "missing IP address");
        }
        int port = hostPort.port() == null ? OvsdbTarget.DEFAULT_PORT : parsePort(text, hostPort.port(), 1);
        return new OvsdbTarget.Tcp(parseIp(text, hostPort.host()), port, tls);
    }

    private static OvsdbTarget.Unix parseUnix(String text, String rest) {
        if (rest.isBlank()) {
            throw invalid(text, "missing socket path");
        }
        OvsdbAddress.unixPathProblem(rest).ifPresent(why -> {
            throw invalid(text, why);
        });
        return new OvsdbTarget.Unix(Path.of(rest));
    }

    private static OvsdbTarget.PassiveTcp parsePassiveTcp(String text, String rest, boolean tls) {
        int colon = rest.indexOf(':');
        String port = colon < 0 ? rest : rest.substring(0, colon);
        String ip = colon < 0 ? "0.0.0.0" : rest.substring(colon + 1);
        if (port.isEmpty()) {
            throw invalid(text, "missing port");
        }
        // Port 0 asks the kernel for a free port, as ovsdb-server allows.
        return new OvsdbTarget.PassiveTcp(parsePort(text, port, 0), parseIp(text, stripBrackets(ip)), tls);
    }

    private static int parsePort(String text, String port, int min) {
        return OvsdbAddress.port(port, min).orElseThrow(() -> invalid(text, "port '" + port
                + "' is not a number in " + min + "..65535"));
    }

    /** Accepts IP literals only: a manager must never depend on DNS to reach its switches. */
    private static InetAddress parseIp(String text, String ip) {
        try {
            return IpLiterals.parse("ovsdbTarget", ip);
        } catch (InvalidValueException e) {
            throw invalid(text, e.reason());
        }
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("invalid OVSDB target '" + text + "': " + reason);
    }

    /** Splits {@code IP[:PORT]} where an IPv6 address must be bracketed: {@code [::1]:6640}. */
    private record HostPort(String host, String port) {
        static HostPort split(String text, String rest) {
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) {
                    throw invalid(text, "unclosed '[' in IPv6 address");
                }
                String after = rest.substring(close + 1);
                if (!after.isEmpty() && !after.startsWith(":")) {
                    throw invalid(text, "unexpected '" + after + "' after IPv6 address");
                }
                return new HostPort(rest.substring(1, close), after.isEmpty() ? null : after.substring(1));
            }
            int colon = rest.indexOf(':');
            if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
                throw invalid(text, "an IPv6 address must be written in brackets, e.g. tcp:[::1]:6640");
            }
            return colon < 0 ? new HostPort(rest, null)
                    : new HostPort(rest.substring(0, colon), rest.substring(colon + 1));
        }
    }
}
