package org.vtepmanager.core.mac;

import java.net.InetAddress;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;

/** In network {@code vni}, {@code ip} was last claimed by {@code mac} at {@code lastSeenMillis}. */
public record ArpBinding(Vni vni, InetAddress ip, MacAddress mac, long lastSeenMillis) {
}
