package org.vtepmanager.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.Vni;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.Versioned;
import org.vtepmanager.core.intent.VirtualNetwork;

/** SIGKILL during a burst of writes: everything acknowledged survives, nothing is half-written. */
class H2IntentStoreKillTest {

    private static final int ACKS_BEFORE_KILL = 400;

    @TempDir
    Path dir;

    @Test
    void killDashNineMidBurstLosesNoAcknowledgedWriteAndLeavesNoTornRecord() throws Exception {
        Process child = startBurstWriter();
        int lastAck;
        try {
            lastAck = readAcks(child, ACKS_BEFORE_KILL);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child exited after SIGKILL").isTrue();
        }
        assertThat(child.exitValue()).as("killed by signal 9, not a clean exit").isEqualTo(128 + 9);

        try (H2IntentStore reopened = H2IntentStore.open(dir)) {
            Intent intent = reopened.current();
            int stored = intent.networks().size();
            assertThat(stored).as("every acknowledged network is present").isGreaterThanOrEqualTo(lastAck);
            assertThat(intent.networks().keySet()).as("writes are never reordered or skipped")
                    .containsExactlyElementsOf(vnis(stored));
            for (Versioned<VirtualNetwork> network : intent.networks().values()) {
                assertThat(network.value()).isEqualTo(BurstWriter.network(network.value().vni().value()));
            }
            assertThat(intent.revision()).as("the revision row committed together with each network")
                    .isEqualTo(stored);
        }
    }

    private Process startBurstWriter() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", ""),
                BurstWriter.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Reads until {@code count} acks arrived; returns the highest acknowledged VNI. */
    private static int readAcks(Process child, int count) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        int acks = 0;
        int last = 0;
        for (String line = out.readLine(); line != null && acks < count; line = out.readLine()) {
            if (line.startsWith(BurstWriter.ACK)) {
                last = Integer.parseInt(line.substring(BurstWriter.ACK.length()));
                acks++;
            }
        }
        assertThat(acks).as("acks before the child stopped on its own").isEqualTo(count);
        return last;
    }

    private static List<Vni> vnis(int upTo) {
        List<Vni> vnis = new ArrayList<>();
        for (int vni = 1; vni <= upTo; vni++) {
            vnis.add(Vni.of(vni));
        }
        return vnis;
    }
}
