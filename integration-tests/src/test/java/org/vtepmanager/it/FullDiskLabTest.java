package org.vtepmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vtepmanager.lab.Hypervisor;
import org.vtepmanager.lab.Lab;
import org.vtepmanager.lab.LabAssumptions;

/**
 * The real manager with its intent store on a disk that fills up: H2 fails the commit and closes the database. A
 * change is then refused, saying why, and nothing else stops; once there is room again the next change is written,
 * and a restart finds every change that was answered as made.
 */
class FullDiskLabTest {

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
                int made = 0;
                HttpResponse<String> refused = null;
                while (refused == null && made < 2_000) {
                    HttpResponse<String> response = manager.post("/api/v1/networks", network(made + 1));
                    if (response.statusCode() == 201) {
                        made++;
                    } else {
                        refused = response;
                    }
                }

                assertThat(refused).as("a change refused before 2,000 networks filled 512 KiB").isNotNull();
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                JsonObject error = new JsonObject(refused.body());
                assertThat(error.getString("field")).isEqualTo("store");
                assertThat(error.getString("reason")).contains("No space left on device")
                        .endsWith("intent is unchanged");
                assertThat(new JsonArray(manager.get("/api/v1/networks").body())).hasSize(made);
                JsonObject health = new JsonObject(manager.get("/health").body());
                assertThat(health.getString("status")).isEqualTo("DEGRADED");
                assertThat(health.getString("store")).isEqualTo("cannot write: No space left on device");
                JsonObject hv = new JsonArray(manager.get("/api/v1/vteps").body()).getJsonObject(0);
                assertThat(hv.getString("state")).as("hv1, its OVSDB session untouched").isEqualTo("connected");

                disk.grow("8m");

                assertThat(manager.post("/api/v1/networks", network(made + 1)).statusCode()).isEqualTo(201);
                made++;
                assertThat(new JsonObject(manager.get("/health").body()).getString("status")).isEqualTo("UP");

                manager.restart();

                assertThat(new JsonArray(manager.get("/api/v1/networks").body())).as("networks after a restart")
                        .hasSize(made);
            }
        }
    }

    /** A network whose long description fills the disk in fewer commits. */
    private static String network(int vni) {
        return new JsonObject().put("vni", vni).put("name", "network-" + vni).put("description", "x".repeat(256))
                .encode();
    }
}
