package org.vtepmanager.ofcontroller.southbound;

import org.vtepmanager.core.VtepId;
import org.vtepmanager.ofcontroller.OpenFlowSwitch;
import org.vtepmanager.ofcontroller.pipeline.InstalledSwitch;

/** What the southbound tracks per connected switch. Confined to the southbound's thread. */
final class SwitchState {

    final OpenFlowSwitch sw;
    /** Null until the flows and groups were read back from the switch. */
    InstalledSwitch installed;
    /** Null until the switch's datapath id is matched to a VTEP (its OVSDB session reported it). */
    VtepId vtep;
    /** Bumped each time {@link #installed} is read again from the switch; batches of older reads are ignored. */
    int generation;

    SwitchState(OpenFlowSwitch sw) {
        this.sw = sw;
    }

    boolean ready() {
        return installed != null && vtep != null && sw.isConnected();
    }
}
