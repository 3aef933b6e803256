package org.vtepmanager.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiErrorTest {

    @Test
    void everyStatusTheApiAnswersWithHasItsOwnPhrase() {
        assertThat(new ApiError(503, "events", "too many open event streams (1000)").toJson().getString("error"))
                .isEqualTo("service unavailable");
        assertThat(new ApiError(500, "server", "boom").toJson().getString("error")).isEqualTo("internal error");
    }
}
