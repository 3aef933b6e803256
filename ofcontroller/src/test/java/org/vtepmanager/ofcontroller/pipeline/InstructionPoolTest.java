package org.vtepmanager.ofcontroller.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.types.OFPort;

class InstructionPoolTest {

    private static final OFFactory OF = OFFactories.getFactory(OFVersion.OF_13);

    private final InstructionPool pool = new InstructionPool();

    @Test
    void aListLetGoAndAskedForAgainIsPooledAgain() {
        List<OFInstruction> toPort1 = output(1);
        pool.release(pool.acquire(toPort1));

        int id = pool.acquire(toPort1);

        assertThat(pool.get(id)).isSameAs(toPort1);
        assertThat(pool.size()).isEqualTo(1);
    }

    @Test
    void aListIsLetGoOnlyWithItsLastUser() {
        List<OFInstruction> toPort1 = output(1);
        int id = pool.acquire(toPort1);
        pool.acquire(toPort1);

        pool.release(id);
        assertThat(pool.get(id)).isSameAs(toPort1);

        pool.release(id);
        assertThat(pool.size()).isZero();
    }

    @Test
    void anEqualListThatIsAnotherObjectHasTheSameNumber() {
        int id = pool.acquire(output(1));

        assertThat(pool.acquire(output(1))).isEqualTo(id);
        assertThat(pool.acquire(output(2))).isNotEqualTo(id);
        assertThat(pool.size()).isEqualTo(2);
    }

    @Test
    void aNumberLetGoAndGivenToAnotherListGivesThatList() {
        List<OFInstruction> toPort1 = output(1);
        List<OFInstruction> toPort2 = output(2);
        int first = pool.acquire(toPort1);
        pool.release(first);

        int second = pool.acquire(toPort2);

        assertThat(second).isEqualTo(first);
        assertThat(pool.get(second)).isSameAs(toPort2);
        assertThat(pool.get(pool.acquire(toPort1))).isSameAs(toPort1);
    }

    private static List<OFInstruction> output(int port) {
        return List.of(OF.instructions().applyActions(List.of(OF.actions().output(OFPort.of(port), 0))));
    }
}
