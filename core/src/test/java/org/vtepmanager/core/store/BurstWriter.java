package org.vtepmanager.core.store;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.VirtualNetwork;

/**
 * Run in a child JVM by {@link H2IntentStoreKillTest}: creates networks 1, 2, 3, ... as fast as the store commits
 * and prints {@code ack N} only after the store acknowledged network N, until it is killed.
 */
public final class BurstWriter {

    static final String ACK = "ack ";

    private BurstWriter() {
    }

    public static void main(String[] args) {
        try (H2IntentStore store = H2IntentStore.open(Path.of(args[0]))) {
            for (int vni = 1; vni <= Vni.MAX; vni++) {
                store.apply(new IntentChange.CreateNetwork(network(vni)));
                System.out.println(ACK + vni);
                System.out.flush();
            }
        }
    }

    /** Every field derives from the VNI, so a reader can tell an intact record from a torn one. */
    static VirtualNetwork network(int vni) {
        return new VirtualNetwork(Vni.of(vni), "net-" + vni, "d".repeat(vni % 200), OptionalInt.of(1000 + vni % 500));
    }
}
