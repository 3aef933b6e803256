package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.Vtep;

/** {@code /api/v1/intent}: intent read whole as one document, and restored from one into another manager. */
class IntentDocumentApiTest {

    @TempDir
    Path dir;
    private ApiFixture source;
    private ApiFixture target;

    @BeforeEach
    void start() throws Exception {
        source = new ApiFixture(dir.resolve("source"));
        target = new ApiFixture(dir.resolve("target"));
    }

    @AfterEach
    void stop() throws Exception {
        source.close();
        target.close();
    }

    @Test
    void theDocumentHoldsEachItemAsItsOwnPostTakesItAndWhatWasAskedForNotWhatIsDerived() throws Exception {
        fillSource();

        JsonObject document = new JsonObject(source.get("/api/v1/intent").body());

        assertThat(document.getInteger("format")).isEqualTo(1);
        assertThat(document.getLong("revision")).isEqualTo(source.store.current().revision());
        assertThat(document.getJsonArray("vteps")).isEqualTo(new JsonArray()
                .add(new JsonObject().put("id", "hv1").put("kind", "hypervisor").put("ovsdbTarget", "tcp:192.0.2.11:6640")
                        .put("tunnelIp", "192.0.2.11"))
                .add(new JsonObject().put("id", "tor1").put("kind", "hardware-vtep")));
        assertThat(document.getJsonArray("networks")).isEqualTo(new JsonArray()
                .add(new JsonObject().put("vni", 5000).put("name", "web").put("description", ""))
                .add(new JsonObject().put("vni", 6000).put("name", "db").put("description", "databases")
                        .put("mtu", 1400).put("replication", new JsonObject().put("mode", "service-node")
                                .put("serviceNodes", new JsonArray().add("192.0.2.9")))));
        assertThat(document.getJsonArray("bindings")).isEqualTo(new JsonArray()
                .add(new JsonObject().put("vtep", "hv1").put("port", "vm1").put("vlan", 0).put("vni", 5000))
                .add(new JsonObject().put("vtep", "tor1").put("port", "p1").put("vlan", 100).put("vni", 6000)));
        assertThat(document.getJsonArray("staticMacs")).isEqualTo(new JsonArray()
                .add(new JsonObject().put("vni", 5000).put("mac", "02:00:00:00:00:01").put("vtep", "hv1")
                        .put("port", "vm1").put("vlan", 0))
                .add(new JsonObject().put("vni", 6000).put("mac", "02:00:00:00:00:02").put("vtep", "tor1")));
    }

    @Test
    void aDocumentRestoredIntoAnotherManagerReadsBackAsItWasWrittenAndASecondRestoreCreatesNothing() throws Exception {
        fillSource();
        JsonObject document = new JsonObject(source.get("/api/v1/intent").body());

        HttpResponse<String> restored = target.post("/api/v1/intent", document.encode());

        assertThat(restored.statusCode()).isEqualTo(200);
        JsonObject answer = new JsonObject(restored.body());
        assertThat(answer.getJsonObject("created")).isEqualTo(new JsonObject().put("vteps", 2).put("networks", 2)
                .put("bindings", 2).put("staticMacs", 2));
        assertThat(answer.getBoolean("dryRun")).isFalse();
        JsonObject readBack = new JsonObject(target.get("/api/v1/intent").body());
        assertThat(readBack.getLong("revision")).isEqualTo(answer.getLong("revision"));
        assertThat(readBack.copy().put("revision", 0)).isEqualTo(document.copy().put("revision", 0));

        JsonObject again = new JsonObject(target.post("/api/v1/intent", document.encode()).body());
        assertThat(again.getJsonObject("created")).isEqualTo(new JsonObject().put("vteps", 0).put("networks", 0)
                .put("bindings", 0).put("staticMacs", 0));
        assertThat(again.getLong("revision")).isEqualTo(answer.getLong("revision"));
    }

    @Test
    void aDryRunSaysWhatARestoreWouldCreateOrWhyItWouldBeRefusedAndWritesNothing() throws Exception {
        fillSource();
        JsonObject document = new JsonObject(source.get("/api/v1/intent").body());

        HttpResponse<String> tried = target.post("/api/v1/intent?dryRun=true", document.encode());

        assertThat(tried.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(tried.body())).isEqualTo(new JsonObject().put("revision", 0)
                .put("created", new JsonObject().put("vteps", 2).put("networks", 2).put("bindings", 2)
                        .put("staticMacs", 2)).put("dryRun", true));
        assertThat(target.store.current().isEmpty()).isTrue();
        target.post("/api/v1/networks", "{\"vni\":6000,\"name\":\"not db\"}");
        assertThat(new JsonObject(target.post("/api/v1/intent?dryRun=true", document.encode()).body())
                .getString("field")).isEqualTo("networks[1]");
    }

    @Test
    void anItemThatDiffersFromIntentIsA409NamingItAndNothingIsWritten() throws Exception {
        fillSource();
        JsonObject document = new JsonObject(source.get("/api/v1/intent").body());
        target.post("/api/v1/networks", "{\"vni\":6000,\"name\":\"not db\"}");
        long before = target.store.current().revision();

        HttpResponse<String> refused = target.post("/api/v1/intent", document.encode());

        assertThat(refused.statusCode()).isEqualTo(409);
        JsonObject error = new JsonObject(refused.body());
        assertThat(error.getString("field")).isEqualTo("networks[1]");
        assertThat(error.getString("reason")).startsWith("network 6000 exists otherwise (PUT /api/v1/networks/6000");
        assertThat(target.store.current().revision()).isEqualTo(before);
    }

    @Test
    void aBadItemIsA400NamingItsPlaceAndFieldAndNothingIsWritten() throws Exception {
        String badVni = "{\"networks\":[{\"vni\":5000,\"name\":\"web\"},{\"vni\":0,\"name\":\"zero\"}]}";
        String unknownVtep = "{\"networks\":[{\"vni\":5000,\"name\":\"web\"}],"
                + "\"bindings\":[{\"vtep\":\"hv9\",\"port\":\"vm1\",\"vni\":5000}]}";
        String typo = "{\"networks\":[{\"vni\":5000,\"nmae\":\"web\"}]}";
        String newer = "{\"format\":2,\"networks\":[{\"vni\":5000,\"name\":\"web\"}]}";

        assertThat(error(target.post("/api/v1/intent", badVni))).containsEntry("field", "networks[1].vni");
        assertThat(error(target.post("/api/v1/intent", unknownVtep))).containsEntry("field", "bindings[0].vtep");
        assertThat(error(target.post("/api/v1/intent", typo))).containsEntry("field", "networks[0].nmae");
        assertThat(error(target.post("/api/v1/intent", newer))).containsEntry("field", "format");
        assertThat(target.store.current().networks()).isEmpty();
    }

    @Test
    void aDocumentLargerThanASingleRequestsLimitIsRestored() throws Exception {
        JsonArray networks = new JsonArray();
        IntStream.rangeClosed(1, 3000).forEach(vni -> networks.add(new JsonObject().put("vni", vni)
                .put("name", "network-" + vni).put("description", "one of many")));
        String document = new JsonObject().put("networks", networks).encode();
        assertThat(document.length()).isGreaterThan(64 * 1024);

        HttpResponse<String> restored = target.post("/api/v1/intent", document);

        assertThat(restored.statusCode()).isEqualTo(200);
        assertThat(target.store.current().networks()).hasSize(3000);
    }

    /** Two VTEPs (one that dials the manager), two networks (one with every attribute), a binding and MAC each. */
    private void fillSource() throws Exception {
        expectCreated(source.post("/api/v1/vteps", "{\"id\":\"hv1\",\"kind\":\"hypervisor\","
                + "\"ovsdbTarget\":\"tcp:192.0.2.11:6640\",\"tunnelIp\":\"192.0.2.11\"}"));
        source.store.apply(new IntentChange.RegisterVtep(new Vtep(VtepId.of("tor1"), VtepKind.HARDWARE_VTEP,
                Optional.empty(), Optional.empty())));
        expectCreated(source.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}"));
        expectCreated(source.post("/api/v1/networks", "{\"vni\":6000,\"name\":\"db\",\"description\":\"databases\","
                + "\"mtu\":1400,\"replication\":{\"mode\":\"service-node\",\"serviceNodes\":[\"192.0.2.9\"]}}"));
        expectCreated(source.post("/api/v1/bindings", "{\"vtep\":\"hv1\",\"port\":\"vm1\",\"vni\":5000}"));
        expectCreated(source.post("/api/v1/bindings", "{\"vtep\":\"tor1\",\"port\":\"p1\",\"vlan\":100,\"vni\":6000}"));
        expectCreated(source.post("/api/v1/macs", "{\"vni\":5000,\"mac\":\"02:00:00:00:00:01\",\"vtep\":\"hv1\","
                + "\"port\":\"vm1\"}"));
        expectCreated(source.post("/api/v1/macs", "{\"vni\":6000,\"mac\":\"02:00:00:00:00:02\",\"vtep\":\"tor1\"}"));
    }

    private static void expectCreated(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static Map<String, Object> error(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return new JsonObject(response.body()).getMap();
    }
}
