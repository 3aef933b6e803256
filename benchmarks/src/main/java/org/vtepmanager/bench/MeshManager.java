package org.vtepmanager.bench;

import java.util.List;
import org.vtepmanager.ovsdb.OvsdbTarget;

/**
 * What the mesh benchmark drives: the hypervisor provider alone ({@link ProviderMesh}), or the whole southbound as
 * the manager runs it ({@link SouthboundMesh}).
 */
interface MeshManager extends AutoCloseable {

    /** One hypervisor database: {@code hv<index>}, at {@code target}, whose local_ip is {@code ip}. */
    record Hypervisor(int index, OvsdbTarget target, String ip) {
        String id() {
            return "hv" + index;
        }
    }

    /** The thread every plan runs on, whose CPU time the benchmark reports. */
    long eventsThread() throws Exception;

    /** Starts managing {@code hypervisors}, all at once. */
    void manage(List<Hypervisor> hypervisors) throws Exception;

    /** Adds one more hypervisor to those managed. */
    void join(Hypervisor hypervisor) throws Exception;

    /**
     * Until the manager has settled: the monitors see the last port before the manager has read the replies and
     * updates of its own transactions, and a join measured from then would time the tail of the convergence.
     */
    void awaitQuiet();
}
