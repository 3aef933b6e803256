package org.vtepmanager.ovsdb;

import java.net.InetAddress;
import java.nio.file.Path;

/**
 * Where an OVSDB session runs, in the connection-method syntax Open vSwitch uses (ovsdb-server(1)):
 * {@code tcp:IP[:PORT]} and {@code unix:PATH} are dialled by the manager, {@code ptcp:PORT[:IP]} is
 * listened on so that switches configured with {@code set-manager} reach us.
 */
public sealed interface OvsdbTarget {

    int DEFAULT_PORT = 6640;

    /** The manager dials a switch's ovsdb-server over TCP. */
    record Tcp(InetAddress address, int port) implements OvsdbTarget {
        @Override
        public String toString() {
            return "tcp:" + hostLiteral(address) + ":" + port;
        }
    }

    /** The manager dials a switch's ovsdb-server over its unix socket (works across network namespaces). */
    record Unix(Path path) implements OvsdbTarget {
        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /** The manager listens; switches dial in. */
    record PassiveTcp(int port, InetAddress bindAddress) implements OvsdbTarget {
        @Override
        public String toString() {
            return "ptcp:" + port + ":" + hostLiteral(bindAddress);
        }
    }

    /** True when this target is dialled by the manager rather than listened on. */
    default boolean isActive() {
        return !(this instanceof PassiveTcp);
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
