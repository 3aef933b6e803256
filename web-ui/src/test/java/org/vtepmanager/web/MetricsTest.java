package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics}: the fabric in intent and as observed, in Prometheus' text format, and the JVM's own. */
class MetricsTest {

    /** {@code name{labels} value}, as the text format writes a sample. */
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)");

    @TempDir
    Path dir;
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(dir);
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    @Test
    void aRegisteredVtepThatNeverConnectedIsDownAndIntentIsCounted() throws Exception {
        api.post("/api/v1/vteps", "{\"id\":\"hv1\",\"kind\":\"hypervisor\",\"ovsdbTarget\":\"tcp:192.0.2.10\"}");
        api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}");
        api.post("/api/v1/bindings", "{\"vtep\":\"hv1\",\"port\":\"eth1/1\",\"vlan\":100,\"vni\":5000}");
        api.post("/api/v1/macs", "{\"vni\":5000,\"mac\":\"02:00:00:00:00:01\",\"vtep\":\"hv1\",\"port\":\"eth1/1\","
                + "\"vlan\":100}");

        HttpResponse<String> response = api.get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = samples(response.body());
        assertThat(samples).containsEntry("vtep_manager_vtep_up{kind=\"hypervisor\",vtep=\"hv1\"}", 0.0)
                .containsEntry("vtep_manager_networks", 1.0)
                .containsEntry("vtep_manager_bindings", 1.0)
                .containsEntry("vtep_manager_macs{source=\"static\"}", 1.0)
                .containsEntry("vtep_manager_macs{source=\"learned\"}", 0.0)
                .containsEntry("vtep_manager_intent_revision", 4.0)
                .containsKey("vtep_manager_vtep_problems{kind=\"hypervisor\",vtep=\"hv1\"}")
                .containsKey("vtep_manager_mac_changes_total")
                .containsEntry("vtep_manager_mac_learns_refused_total{reason=\"port-full\"}", 0.0)
                .containsEntry("vtep_manager_mac_learns_refused_total{reason=\"vni-full\"}", 0.0)
                .containsEntry("vtep_manager_mac_learns_refused_total{reason=\"damped\"}", 0.0)
                .containsEntry("vtep_manager_mac_learns_refused_total{reason=\"static-pinned\"}", 0.0);
        assertThat(samples.keySet()).as("the JVM's own").anyMatch(name -> name.startsWith("jvm_memory_used_bytes"));
        assertThat(response.body()).contains("# TYPE vtep_manager_vtep_up gauge",
                "# HELP vtep_manager_vtep_up 1 while the manager's OVSDB session with the VTEP is up");
    }

    @Test
    void metricsNeedNoTokenAndTheApiStillAnswersBesideThem() throws Exception {
        assertThat(api.get("/metrics").statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/networks").body()).isEqualTo("[]");
        assertThat(samples(api.get("/metrics").body())).containsEntry("vtep_manager_networks", 0.0);
    }

    /** Every sample line by its name and labels; a line that is neither a sample nor a comment fails the test. */
    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList()) {
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
            samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
        }
        return samples;
    }
}
