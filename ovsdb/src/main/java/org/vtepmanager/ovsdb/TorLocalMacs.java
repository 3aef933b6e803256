package org.vtepmanager.ovsdb;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vtepmanager.core.MacAddress;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.intent.MacLocation;
import org.vtepmanager.core.mac.MacSource;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.ovsdb.tor.TorObservation;

/**
 * A ToR's Ucast_Macs_Local as MAC table entries (source hardware-vtep, at the ToR) and ARP claims. A row the ToR
 * writes is news: its MAC is learned there, its ipaddr gleaned. A row it merely still holds, reported again with
 * the ToR's other changes, is not: a ToR keeps a server's row until its entry ages, after the server has left, and
 * learning it again at every report took the MAC back from the hypervisor it had moved to (each report a move,
 * then damping held the MAC wherever it was). A learn the tables refused (damping, a limit) is tried again at the
 * next report, and so is every row at the first report of the ToR's next session: what it wrote while the manager
 * could not see is not known. A row that went withdraws its MAC, unless it moved meanwhile. Entries survive a lost
 * session: the ToR keeps forwarding to its servers meanwhile.
 *
 * <p>Reports arrive on the events thread and, for a VTEP being registered, on the store's writer: this object's
 * lock keeps each ToR's learns and withdrawals in order. It is not the southbound's monitor: learning announces
 * moves to topology listeners, and one of them ({@link OvsdbSouthbound}) calls the southbound under its own lock,
 * so sharing a monitor let a ToR's learn and a follow of intent on another thread wait for each other for good.
 */
final class TorLocalMacs {

    private record Key(Vni vni, MacAddress mac) {
    }

    /** What a row said when last reported, and whether the tables took its MAC. */
    private record Row(Optional<InetAddress> ip, boolean learned) {
    }

    private final MacTables macs;
    private final Map<VtepId, Map<Key, Row>> byTor = new HashMap<>();

    TorLocalMacs(MacTables macs) {
        this.macs = macs;
    }

    synchronized void reported(VtepId tor, List<TorObservation.LocalMac> seen) {
        Map<Key, Row> before = byTor.getOrDefault(tor, Map.of());
        Map<Key, Row> now = new HashMap<>();
        MacLocation here = new MacLocation.Remote(tor);
        for (TorObservation.LocalMac local : seen) {
            Optional<MacAddress> mac = Literals.mac(local.mac());
            if (mac.isEmpty() || local.vni() < 1 || local.vni() > Vni.MAX) {
                continue;
            }
            Key key = new Key(Vni.of((int) local.vni()), mac.get());
            Optional<InetAddress> ip = local.ip().flatMap(Literals::ip);
            Row was = before.get(key);
            boolean learned = (was != null && was.learned())
                    || macs.learn(key.vni(), key.mac(), here, MacSource.HARDWARE_VTEP).accepted();
            if (ip.isPresent() && (was == null || !ip.equals(was.ip()))) {
                macs.gleanArp(key.vni(), ip.get(), key.mac());
            }
            now.put(key, new Row(ip, learned));
        }
        before.keySet().stream().filter(key -> !now.containsKey(key))
                .forEach(gone -> macs.forget(gone.vni(), gone.mac(), here));
        byTor.put(tor, now);
    }

    /** The ToR's session ended: its rows are learned and gleaned again when its next session reports them. */
    synchronized void sessionEnded(VtepId tor) {
        Map<Key, Row> rows = byTor.get(tor);
        if (rows != null) {
            rows.replaceAll((key, row) -> new Row(Optional.empty(), false));
        }
    }
}
