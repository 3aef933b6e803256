package org.vtepmanager.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IP literals without ever resolving a name: the manager must not depend on DNS to reach its switches. */
public final class IpLiterals {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private IpLiterals() {
    }

    /**
     * @throws InvalidValueException naming {@code field} when {@code text} is not an IPv4 or IPv6 literal
     */
    public static InetAddress parse(String field, String text) {
        if (text != null && (IPV4.matcher(text).matches() || IPV6_CHARS.matcher(text).matches())) {
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                // an IPv6-looking string the JDK rejects: reported below like any other non-literal
            }
        }
        throw new InvalidValueException(field, "'" + text + "' is not an IPv4 or IPv6 address");
    }
}
