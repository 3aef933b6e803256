package org.vtepmanager.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A lab leaves nothing behind: not after a passing test, not after a failing one, not after a killed JVM. */
class LabTeardownTest {

    @BeforeAll
    static void requireLab() {
        LabAssumptions.requireLab();
    }

    @Test
    void closingRemovesEveryNamespaceLinkDaemonAndDirectoryOfEveryKindOfElement() {
        Lab lab = Lab.create();
        try {
            Hypervisor hv = lab.addHypervisor("hv1");
            TorSwitch tor = lab.addTor("tor1");
            lab.addVm("vm1", hv, EndpointSpec.untagged("02:00:00:00:03:01", "10.30.0.1/24"));
            lab.addVm("vm2", hv, EndpointSpec.untagged("02:00:00:00:03:02", "10.30.0.2/24").tagged(100));
            lab.addServer("bm1", tor, EndpointSpec.untagged("02:00:00:00:03:03", "10.30.0.3/24").tagged(200));

            assertThat(lab.leftovers()).as("a live lab is seen by the leftover check")
                    .anyMatch(item -> item.startsWith("namespace " + lab.prefix() + "-hv1"))
                    .anyMatch(item -> item.startsWith("link " + lab.prefix() + "-ul"))
                    .anyMatch(item -> item.startsWith("process ") && item.contains("ovs-vswitchd"))
                    .anyMatch(item -> item.startsWith("process ") && item.contains("python3"));
        } finally {
            lab.close();
        }
        assertThat(lab.leftovers()).isEmpty();
    }

    @Test
    void aTestThatFailsHalfWayStillLeavesNothingBehind() {
        String[] prefix = new String[1];
        assertThatThrownBy(() -> {
            try (Lab lab = Lab.create()) {
                prefix[0] = lab.prefix();
                lab.addHypervisor("hv1");
                lab.addHypervisor("hv1");
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has an element");

        assertThat(LabJanitor.leftovers(prefix[0])).isEmpty();
    }

    @Test
    void aLabWhoseJvmWasKilledIsSweptByTheNextRun() throws Exception {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", ""),
                "-cp", System.getProperty("java.class.path"), OrphanLabMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String prefix;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            prefix = out.lines().filter(line -> line.startsWith(OrphanLabMain.PREFIX_LINE)).findFirst()
                    .map(line -> line.substring(OrphanLabMain.PREFIX_LINE.length())).orElse("");
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(prefix).as("the child printed its lab prefix").matches("vt[a-z0-9]{4}");
        assertThat(LabJanitor.leftovers(prefix)).as("SIGKILL ran no teardown").isNotEmpty();

        List<String> swept = LabJanitor.sweepOrphans();

        assertThat(swept).contains(prefix);
        assertThat(LabJanitor.leftovers(prefix)).isEmpty();
    }
}
