package org.vtepmanager.ovsdb;

import java.net.InetAddress;
import java.nio.file.Path;

/**
 * Where an OVSDB session runs, in the connection-method syntax Open vSwitch uses (ovsdb-server(1)):
 * {@code tcp:IP[:PORT]}, {@code ssl:IP[:PORT]} and {@code unix:PATH} are dialled by the manager,
 * {@code ptcp:PORT[:IP]} and {@code pssl:PORT[:IP]} are listened on so that switches configured with
 * {@code set-manager} reach us. The {@code ssl} methods are TLS over TCP, with the manager's certificate.
 */
public sealed interface OvsdbTarget {

    int DEFAULT_PORT = 6640;

    /** The manager dials a switch's ovsdb-server over TCP, in TLS when {@code tls} ({@code ssl:}). */
    record Tcp(InetAddress address, int port, boolean tls) implements OvsdbTarget {
        @Override
        public String toString() {
            return (tls ? "ssl:" : "tcp:") + hostLiteral(address) + ":" + port;
        }
    }

    /** The manager dials a switch's ovsdb-server over its unix socket (works across network namespaces). */
    record Unix(Path path) implements OvsdbTarget {
        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /** The manager listens; switches dial in, in TLS when {@code tls} ({@code pssl:}). */
    record PassiveTcp(int port, InetAddress bindAddress, boolean tls) implements OvsdbTarget {
        @Override
        public String toString() {
            return (tls ? "pssl:" : "ptcp:") + port + ":" + hostLiteral(bindAddress);
        }
    }

    /** True when this target is dialled by the manager rather than listened on. */
    default boolean isActive() {
        return !(this instanceof PassiveTcp);
    }

    /** True for {@code ssl:} and {@code pssl:}: the session needs the manager's TLS key and certificate. */
    default boolean usesTls() {
        return this instanceof Tcp tcp && tcp.tls() || this instanceof PassiveTcp listener && listener.tls();
    }

    /**
     * Parses a connection method.
     *
     * @throws IllegalArgumentException naming the target and what is wrong with it
     */
    static OvsdbTarget parse(String text) {
        return OvsdbTargetParser.parse(text);
    }

    private static String hostLiteral(InetAddress address) {
        String host = address.getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
