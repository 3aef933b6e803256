package org.vtepmanager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.web.NetworkApiTest.assertError;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vtepmanager.core.OvsdbAddress;
import org.vtepmanager.core.TunnelIp;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.core.VtepKind;
import org.vtepmanager.core.intent.Intent;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.core.intent.IntentListener;
import org.vtepmanager.core.intent.IntentStore;
import org.vtepmanager.core.intent.Vtep;

/** {@code PATCH /api/v1/vteps/ID}: a VTEP's target and tunnel IP mended in place, over real HTTP. */
class VtepUpdateApiTest extends ApiTestBase {

    private static final String HV1 = "/api/v1/vteps/hv1";
    private static final String MERGE_PATCH = "application/merge-patch+json";

    /** Runs after the base class has started the API. */
    @BeforeEach
    void registerTwoVtepsAndBindOne() throws Exception {
        api.post("/api/v1/vteps", "{\"id\":\"hv1\",\"kind\":\"hypervisor\",\"ovsdbTarget\":\"tcp:192.0.2.10\","
                + "\"tunnelIp\":\"198.51.100.1\"}");
        api.post("/api/v1/vteps", "{\"id\":\"hv2\",\"kind\":\"hypervisor\",\"ovsdbTarget\":\"tcp:192.0.2.11\","
                + "\"tunnelIp\":\"198.51.100.2\"}");
        api.post("/api/v1/networks", "{\"vni\":5000,\"name\":\"web\"}");
        api.post("/api/v1/bindings", "{\"vtep\":\"hv1\",\"port\":\"vm1\",\"vlan\":0,\"vni\":5000}");
    }

    @Test
    void aPatchChangesOnlyWhatItNamesAndKeepsTheVtepsBindings() throws Exception {
        HttpResponse<String> moved = api.send("PATCH", HV1, "{\"ovsdbTarget\":\"unix:/run/hv1/db.sock\"}",
                MERGE_PATCH);

        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        JsonObject view = new JsonObject(moved.body());
        assertThat(view.getString("ovsdbTarget")).isEqualTo("unix:/run/hv1/db.sock");
        assertThat(view.getString("configuredTunnelIp")).isEqualTo("198.51.100.1");
        assertThat(view.getString("kind")).isEqualTo("hypervisor");

        HttpResponse<String> cleared = api.send("PATCH", HV1, "{\"tunnelIp\":null}", "application/json");
        assertThat(new JsonObject(cleared.body()).getValue("configuredTunnelIp")).isNull();
        assertThat(new JsonObject(cleared.body()).getString("ovsdbTarget")).isEqualTo("unix:/run/hv1/db.sock");
        assertThat(api.store.current().bindings()).hasSize(1);
        assertThat(api.get("/api/v1/bindings").body()).contains("\"vtep\":\"hv1\"");
    }

    @Test
    void ifMatchMakesThePatchAConditionalWriteOnTheVersionGetTold() throws Exception {
        String etag = api.get(HV1).headers().firstValue("etag").orElseThrow();
        assertThat(etag).isEqualTo("\"1\"");

        assertThat(api.send("PATCH", HV1, "{\"tunnelIp\":\"198.51.100.9\"}", MERGE_PATCH, "If-Match", etag)
                .statusCode()).isEqualTo(200);
        assertError(api.send("PATCH", HV1, "{\"tunnelIp\":\"198.51.100.8\"}", MERGE_PATCH, "If-Match", etag),
                412, "version", "VTEP 'hv1' is at version 5, not 1");
        assertThat(api.get(HV1).headers().firstValue("etag")).hasValue("\"5\"");
        assertThat(new JsonObject(api.get(HV1).body()).getString("configuredTunnelIp")).isEqualTo("198.51.100.9");
    }

    /** Two operators mend two fields of one VTEP at once: the second commit must not put the first field back. */
    @Test
    void aPatchOvertakenByAnotherChangeOfTheVtepIsMergedWithItNotOverIt(@TempDir Path otherDir) throws Exception {
        HeldUpdates held = new HeldUpdates();
        ApiFixture raced = new ApiFixture(otherDir, held::over);
        try {
            raced.post("/api/v1/vteps", "{\"id\":\"hv1\",\"kind\":\"hypervisor\",\"ovsdbTarget\":\"tcp:192.0.2.10\"}");
            CompletableFuture<HttpResponse<String>> patch = CompletableFuture.supplyAsync(() -> {
                try {
                    return raced.send("PATCH", HV1, "{\"tunnelIp\":\"198.51.100.9\"}", MERGE_PATCH);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(held.reached.await(10, TimeUnit.SECONDS)).as("the patch read hv1 and is committing").isTrue();
            raced.store.apply(new IntentChange.UpdateVtep(new Vtep(VtepId.of("hv1"), VtepKind.HYPERVISOR,
                    Optional.of(OvsdbAddress.parse("tcp:192.0.2.20")), Optional.empty()), IntentChange.ANY_VERSION));
            held.release.countDown();

            assertThat(patch.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            Vtep hv1 = raced.store.current().vteps().get(VtepId.of("hv1")).value();
            assertThat(hv1.ovsdbTarget()).as("the other change's").hasValue(OvsdbAddress.parse("tcp:192.0.2.20"));
            assertThat(hv1.tunnelIp()).as("the patch's").hasValue(TunnelIp.parse("198.51.100.9"));
        } finally {
            raced.close();
        }
    }

    /** Holds the API's first VTEP update, once it reached the store, until {@link #release} is counted down. */
    private static final class HeldUpdates {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean holding = new AtomicBoolean();

        IntentStore over(IntentStore store) {
            return new IntentStore() {
                @Override
                public Intent current() {
                    return store.current();
                }

                @Override
                public Intent apply(IntentChange change, String origin) {
                    if (change instanceof IntentChange.UpdateVtep && holding.compareAndSet(false, true)) {
                        reached.countDown();
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return store.apply(change, origin);
                }

                @Override
                public Intent applyAll(List<IntentChange> changes, String origin) {
                    return store.applyAll(changes, origin);
                }

                @Override
                public void addListener(IntentListener listener) {
                    store.addListener(listener);
                }

                @Override
                public void removeListener(IntentListener listener) {
                    store.removeListener(listener);
                }

                @Override
                public void close() {
                    store.close();
                }
            };
        }
    }

    @Test
    void aRefusedPatchNamesTheFieldAndChangesNothing() throws Exception {
        Intent before = api.store.current();

        assertError(api.send("PATCH", "/api/v1/vteps/hv9", "{\"tunnelIp\":null}", MERGE_PATCH), 404, "id",
                "no VTEP 'hv9'");
        assertError(api.send("PATCH", HV1, "{\"kind\":\"hardware-vtep\"}", MERGE_PATCH), 400, "kind",
                "is not a property of a VTEP update (expected one of ovsdbTarget, tunnelIp)");
        assertError(api.send("PATCH", HV1, "{\"ovsdbTarget\":\"tcp:hv1.example\"}", MERGE_PATCH), 400,
                "ovsdbTarget", "'tcp:hv1.example' is not an OVSDB target: 'hv1.example' is not an IPv4 or IPv6 "
                        + "address");
        assertError(api.send("PATCH", HV1, "{\"ovsdbTarget\":null}", MERGE_PATCH), 400, "ovsdbTarget",
                "is required: the manager dials VTEP 'hv1'");
        assertError(api.send("PATCH", HV1, "{\"ovsdbTarget\":\"tcp:192.0.2.11\"}", MERGE_PATCH), 409,
                "ovsdbTarget", "tcp:192.0.2.11:6640 is already registered as VTEP 'hv2'");
        assertError(api.send("PATCH", HV1, "{\"tunnelIp\":\"198.51.100.2\"}", MERGE_PATCH), 409, "tunnelIp",
                "198.51.100.2 is already the tunnel IP of VTEP 'hv2'");
        assertError(api.send("PATCH", HV1, "{\"tunnelIp\":\"127.0.0.1\"}", MERGE_PATCH), 400, "tunnelIp",
                "127.0.0.1 is a loopback address, which no other VTEP can reach");
        assertError(api.send("PATCH", HV1, "{\"tunnelIp\":\"198.51.100.7\"}", "text/plain"), 415, "content-type",
                "'text/plain' is not application/json or application/merge-patch+json");

        assertThat(api.store.current()).isEqualTo(before);
    }

    @Test
    void aVtepWhoseSwitchDialsInTakesATunnelIpButNoTarget() throws Exception {
        api.store.apply(new IntentChange.RegisterVtep(new Vtep(VtepId.of("hv5"), VtepKind.HYPERVISOR,
                Optional.empty(), Optional.empty())));

        assertError(api.send("PATCH", "/api/v1/vteps/hv5", "{\"ovsdbTarget\":\"tcp:192.0.2.15\"}", MERGE_PATCH),
                400, "ovsdbTarget", "VTEP 'hv5' dials the manager, so it takes none: for the manager to dial it, "
                        + "remove the manager from the switch, delete the VTEP and register it with a target");
        HttpResponse<String> pinned = api.send("PATCH", "/api/v1/vteps/hv5", "{\"tunnelIp\":\"198.51.100.5\"}",
                MERGE_PATCH);
        assertThat(new JsonObject(pinned.body()).getString("configuredTunnelIp")).isEqualTo("198.51.100.5");
        assertThat(new JsonObject(pinned.body()).getValue("ovsdbTarget")).isNull();
    }
}
