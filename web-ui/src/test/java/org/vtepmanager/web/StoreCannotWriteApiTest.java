package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An intent store that cannot write refuses each change with a 503 naming the cause, changes nothing, and says so
 * on /health and /metrics. H2 closes a database whose file it failed to write; here the file also moved on under
 * it (another writer), which no write may overwrite. The lab test fills a real disk.
 */
class StoreCannotWriteApiTest {

    @TempDir
    Path dir;

    @Test
    void aChangeIsA503NamingTheStoreAndNothingChangesWhileHealthAndMetricsSayTheStoreCannotWrite() throws Exception {
        try (ApiFixture api = new ApiFixture(dir)) {
            assertThat(api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"kept\"}").statusCode()).isEqualTo(201);
            moveTheFileOnUnderTheStore();

            HttpResponse<String> refused = api.post("/api/v1/networks", "{\"vni\":5001,\"name\":\"lost\"}");

            assertThat(refused.statusCode()).isEqualTo(503);
            JsonObject error = new JsonObject(refused.body());
            assertThat(error.getString("field")).isEqualTo("store");
            assertThat(error.getString("reason")).isEqualTo("intent store in " + dir + " cannot write (its file "
                    + "holds revision 9 and this manager serves revision 1: restart the manager to serve what the file "
                    + "holds); intent is unchanged");
            assertThat(new JsonArray(api.get("/api/v1/networks").body())).hasSize(1);
            JsonObject health = new JsonObject(api.get("/health").body());
            assertThat(health.getString("status")).isEqualTo("DEGRADED");
            assertThat(health.getString("store")).startsWith("cannot write: its file holds revision 9");
            assertThat(health.getLong("revision")).isEqualTo(1);
            assertThat(api.get("/metrics").body()).contains("vtep_manager_intent_store_writable 0.0");
        }
    }

    @Test
    void aStoreThatWritesIsUpOnHealthAndMetrics() throws Exception {
        try (ApiFixture api = new ApiFixture(dir)) {
            assertThat(new JsonObject(api.get("/health").body()).fieldNames()).containsExactlyInAnyOrder("status",
                    "revision");
            assertThat(new JsonObject(api.get("/health").body()).getString("status")).isEqualTo("UP");
            assertThat(api.get("/metrics").body()).contains("vtep_manager_intent_store_writable 1.0");
        }
    }

    /** Closes the database, as a failed write does, and sets its file at revision 9, as another writer would. */
    private void moveTheFileOnUnderTheStore() throws Exception {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().normalize().resolve("intent") + ";WRITE_DELAY=0";
        try (Connection other = DriverManager.getConnection(url, "vtep", "");
                Statement statement = other.createStatement()) {
            statement.execute("UPDATE meta SET revision = 9 WHERE id = 1");
            statement.execute("SHUTDOWN");
        }
    }
}
