package org.vtepmanager.ovsdb;

import java.net.InetAddress;
import java.util.Optional;
import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.IpLiterals;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.TunnelIp;

/** Values read from a switch's database, which may hold anything: empty when a value does not parse. */
public final class Literals {

    private Literals() {
    }

    static Optional<MacAddress> mac(String text) {
        try {
            return Optional.of(MacAddress.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public static Optional<TunnelIp> tunnelIp(String text) {
        try {
            return Optional.of(TunnelIp.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Why {@code text} cannot be a tunnel IP ("127.0.0.1 is a loopback address, ..."); empty when it can. */
    static Optional<String> tunnelIpProblem(String text) {
        try {
            TunnelIp.parse(text);
            return Optional.empty();
        } catch (InvalidValueException e) {
            return Optional.of(e.reason());
        }
    }

    static Optional<InetAddress> ip(String text) {
        try {
            return Optional.of(IpLiterals.parse("ip", text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
