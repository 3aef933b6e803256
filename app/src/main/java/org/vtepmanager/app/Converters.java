package org.vtepmanager.app;

import java.net.InetSocketAddress;
import org.vtepmanager.core.InvalidValueException;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.intent.VirtualNetwork;
import org.vtepmanager.ovsdb.ConnectTarget;
import org.vtepmanager.ovsdb.OvsdbTarget;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Command-line value parsers: each rejects a bad value with a reason picocli prints on one line. */
final class Converters {

    private Converters() {
    }

    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65_535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + value + "' is not a port number in 0..65535");
        }
    }

    /** {@code HOST:PORT} or {@code [IPV6]:PORT}; the host must be an IP literal. */
    static final class ListenAddress implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0) {
                throw new TypeConversionException("'" + value + "' is not HOST:PORT");
            }
            String host = value.substring(0, colon);
            int port = new Port().convert(value.substring(colon + 1));
            OvsdbTarget parsed = parse("ptcp:" + port + ":" + host, value);
            return new InetSocketAddress(((OvsdbTarget.PassiveTcp) parsed).bindAddress(), port);
        }
    }

    /** Seconds that fit an OpenFlow idle timeout (16 bits), at least 1. */
    static final class IdleSeconds implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return bounded(value, 1, 65_535, "is not a number of seconds in 1..65535 (an OpenFlow idle timeout)");
        }
    }

    /** An underlay that carries the smallest overlay MTU with VXLAN's 50 bytes, up to IP's largest packet. */
    static final class UnderlayMtu implements ITypeConverter<Integer> {
        private static final int MIN = VirtualNetwork.MIN_MTU + TunnelIp.VXLAN_OVERHEAD_IPV4;

        @Override
        public Integer convert(String value) {
            return bounded(value, MIN, 65_535, "is not an MTU in " + MIN + "..65535 (the smallest carries an "
                    + "overlay MTU of " + VirtualNetwork.MIN_MTU + " with VXLAN's " + TunnelIp.VXLAN_OVERHEAD_IPV4
                    + " bytes)");
        }
    }

    static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return bounded(value, 1, Integer.MAX_VALUE, "must be a number of at least 1");
        }
    }

    /**
     * Up to a day, or 0 for never: the time between two reads of a large switch is a multiple of it and must not
     * overflow, and an ARP binding trusted for longer than a day would outlive any sensible MAC aging anyway.
     */
    static final class SecondsOrNever implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return bounded(value, 0, 86_400, "is not a number of seconds in 0..86400 (0: never)");
        }
    }

    private static int bounded(String value, int min, int max, String reason) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("'" + value + "' " + reason);
    }

    /** An IPv4 or IPv6 literal, returned in its canonical text form. */
    static final class IpLiteral implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            OvsdbTarget parsed = parse("ptcp:1:" + value, value);
            return ((OvsdbTarget.PassiveTcp) parsed).bindAddress().getHostAddress();
        }
    }

    /** A tunnel IP as intent takes one: a unicast address other VTEPs can reach (see {@link TunnelIp}). */
    static final class TunnelIpLiteral implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return TunnelIp.parse(value).toString();
            } catch (InvalidValueException e) {
                throw new TypeConversionException(e.reason());
            }
        }
    }

    /** An OVS bridge name that is also a valid Linux interface name (the bridge's internal port). */
    static final class BridgeName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}")) {
                throw new TypeConversionException("'" + value + "' is not a bridge name (1-15 of A-Z a-z 0-9 _ . -)");
            }
            return value;
        }
    }

    static final class DatapathType implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.equals("system") && !value.equals("netdev")) {
                throw new TypeConversionException("'" + value + "' is not a datapath type (system or netdev)");
            }
            return value;
        }
    }

    /** {@code [ID=]TARGET}; picocli prefixes the option's name, so the reason holds for every option that takes one. */
    static final class Connect implements ITypeConverter<ConnectTarget> {
        @Override
        public ConnectTarget convert(String value) {
            try {
                return ConnectTarget.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class PassiveTarget implements ITypeConverter<OvsdbTarget.PassiveTcp> {
        @Override
        public OvsdbTarget.PassiveTcp convert(String value) {
            if (parse(value, value) instanceof OvsdbTarget.PassiveTcp listener) {
                return listener;
            }
            throw new TypeConversionException("'" + value + "' is not a listener; --ovsdb-listen takes "
                    + "ptcp:PORT[:IP] or pssl:PORT[:IP]");
        }
    }

    /**
     * Parses {@code target}; when it was built from another kind of value ({@code asGiven}), the error keeps only
     * the reason, so an HTTP address is not called an OVSDB target.
     */
    private static OvsdbTarget parse(String target, String asGiven) {
        try {
            return OvsdbTarget.parse(target);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            boolean rebuilt = !target.equals(asGiven);
            throw new TypeConversionException(rebuilt ? message.substring(message.indexOf("': ") + 3) : message);
        }
    }
}
