package org.vtepmanager.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ApiErrorTest {

    @Test
    void everyStatusTheApiAnswersWithHasItsOwnPhrase() {
        assertThat(new ApiError(503, "events", "too many open event streams (1000)").toJson().getString("error"))
                .isEqualTo("service unavailable");
        assertThat(new ApiError(500, "server", "boom").toJson().getString("error")).isEqualTo("internal error");
    }

    @Test
    void aLongRefusedValueIsCutInTheMiddleSoTheReasonStillSaysWhy() {
        String name = "a".repeat(100_000);
        JsonObject json = new ApiError(400, "b".repeat(5_000), "'" + name + "' must be 1..64 characters").toJson();

        assertThat(json.getString("reason")).hasSizeLessThan(400).startsWith("'aaaa")
                .contains("(99787 characters left out)").endsWith("aaa' must be 1..64 characters");
        assertThat(json.getString("field")).hasSizeLessThan(400).contains("(4760 characters left out)");
        assertThat(new ApiError(400, "name", "'x' must be 1..64 characters").toJson().getString("reason"))
                .isEqualTo("'x' must be 1..64 characters");
    }
}
