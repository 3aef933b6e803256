package org.vtepmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vtepmanager.lab.Await;
import org.vtepmanager.lab.Hypervisor;
import org.vtepmanager.lab.Lab;
import org.vtepmanager.lab.LabAssumptions;

/**
 * The real manager with its intent store on a disk that fills up: H2 fails the commit and closes the database. A
 * change is then refused, saying why, and nothing else stops; once there is room again the manager finds it by
 * itself, the next change is written, and a restart finds every change that was answered as made.
 */
class FullDiskLabTest {

    /** The manager tries a store that cannot write every 5 s. */
    static final Duration ROOM_FOUND = Duration.ofSeconds(20);

    @BeforeAll
    static void requireLab() {
        LabAssumptions.requireLab();
    }

    @Test
    void aFullDiskRefusesChangesNamingItKeepsTheSwitchManagedAndWritesAgainOnceThereIsRoom() {
        try (Lab lab = Lab.create(); SmallDisk disk = SmallDisk.mount("512k")) {
            Hypervisor hv1 = lab.addHypervisor("hv1");
            Path data = disk.path().resolve("data");
            try (RunningManager manager = RunningManager.start(lab, data, List.of(hv1.ovsdbUnixTarget()))) {
                Filled filled = fill(manager);

                JsonObject error = new JsonObject(filled.refused().body());
                assertThat(error.getString("field")).isEqualTo("store");
                assertThat(error.getString("reason")).contains("No space left on device")
                        .endsWith("intent is unchanged");
                assertThat(new JsonArray(manager.get("/api/v1/networks").body())).hasSize(filled.made());
                JsonObject health = new JsonObject(manager.get("/health").body());
                assertThat(health.getString("status")).isEqualTo("DEGRADED");
                assertThat(health.getString("store")).isEqualTo("cannot write: No space left on device");
                assertThat(manager.get("/metrics").body()).contains("vtep_manager_intent_store_writable 0.0");
                JsonObject hv = new JsonArray(manager.get("/api/v1/vteps").body()).getJsonObject(0);
                assertThat(hv.getString("state")).as("hv1, its OVSDB session untouched").isEqualTo("connected");

                disk.grow("8m");

                Await.until(ROOM_FOUND, () -> new JsonObject(manager.get("/health").body()).getString("status"),
                        "UP"::equals);
                assertThat(manager.post("/api/v1/networks", network(filled.made() + 1)).statusCode())
                        .isEqualTo(201);

                manager.restart();

                assertThat(new JsonArray(manager.get("/api/v1/networks").body())).as("networks after a restart")
                        .hasSize(filled.made() + 1);
            }
        }
    }

    /** How many networks were made before a change was refused, and the refusal (a 503). */
    record Filled(int made, HttpResponse<String> refused) {
    }

    /** Creates networks, 1, 2, ..., until one is refused; the disk must be full before 2,000. */
    static Filled fill(RunningManager manager) {
        for (int made = 0; made < 2_000; made++) {
            HttpResponse<String> response = manager.post("/api/v1/networks", network(made + 1));
            if (response.statusCode() != 201) {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                return new Filled(made, response);
            }
        }
        throw new AssertionError("2,000 networks did not fill the disk");
    }

    /** A network whose long description fills the disk in fewer commits. */
    static String network(int vni) {
        return new JsonObject().put("vni", vni).put("name", "network-" + vni).put("description", "x".repeat(256))
                .encode();
    }
}
