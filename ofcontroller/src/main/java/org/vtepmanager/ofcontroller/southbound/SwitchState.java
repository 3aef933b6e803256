package org.vtepmanager.ofcontroller.southbound;

import java.util.HashSet;
import java.util.Set;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.ofcontroller.OpenFlowSwitch;
import org.vtepmanager.ofcontroller.pipeline.InstalledSwitch;
import org.vtepmanager.ofcontroller.pipeline.PipelineSpec;

/** What the southbound tracks per connected switch. Confined to the southbound's thread. */
final class SwitchState {

    final OpenFlowSwitch sw;
    /** Null until the flows and groups were read back from the switch. */
    InstalledSwitch installed;
    /** Null until the switch's datapath id is matched to a VTEP (its OVSDB session reported it). */
    VtepId vtep;
    boolean inFlight;
    /** A whole-pipeline reconcile is owed once the batch in flight is done. */
    boolean dirty;
    /** MACs to reprogram once the batch in flight is done (a whole reconcile covers them too). */
    final Set<PipelineSpec.MacKey> pendingMacs = new HashSet<>();

    SwitchState(OpenFlowSwitch sw) {
        this.sw = sw;
    }

    boolean ready() {
        return installed != null && vtep != null && sw.isConnected();
    }
}
