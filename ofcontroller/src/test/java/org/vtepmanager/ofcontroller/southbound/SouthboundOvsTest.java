package org.vtepmanager.ofcontroller.southbound;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.ofcontroller.RealOvs;

/**
 * A test of the southbound against one real Open vSwitch: the test starts {@link #manager} and {@link #ovs}, and
 * both are closed after it, the manager first, whatever the test got to.
 */
abstract class SouthboundOvsTest {

    @TempDir
    Path dir;
    SouthboundHarness manager;
    RealOvs ovs;

    @AfterEach
    void closeManagerAndSwitch() {
        if (manager != null) {
            manager.close();
        }
        if (ovs != null) {
            ovs.close();
        }
    }
}
