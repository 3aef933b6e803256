package org.vtepmanager.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Dashboards asking for the topology while nothing changed share one render; a change or age makes a new one. */
class SharedRenderTest {

    private final SharedRender shared = new SharedRender(1_000);
    private int renders;

    @Test
    void requestsAtOneChangeCountShareOneRenderEvenWhileItIsInFlight() {
        Promise<Buffer> inFlight = Promise.promise();
        Future<Buffer> first = shared.get(7, 0, counting(inFlight::future));
        Future<Buffer> second = shared.get(7, 10, counting(() -> Future.succeededFuture(Buffer.buffer("other"))));

        assertThat(second).isSameAs(first);
        assertThat(renders).isEqualTo(1);
    }

    @Test
    void aRenderStillInFlightIsSharedEvenPastTheMaximumAge() {
        Promise<Buffer> slow = Promise.promise();
        Future<Buffer> first = shared.get(7, 0, counting(slow::future));

        assertThat(shared.get(7, 5_000, counting(() -> Future.succeededFuture(Buffer.buffer("x"))))).isSameAs(first);
        slow.complete(Buffer.buffer("done"));
        shared.get(7, 5_001, counting(() -> Future.succeededFuture(Buffer.buffer("y"))));
        assertThat(renders).isEqualTo(2);
    }

    @Test
    void aChangeAnExpiredRenderOrAFailedOneMeansANewRender() {
        shared.get(7, 0, counting(() -> Future.succeededFuture(Buffer.buffer("a"))));
        shared.get(8, 10, counting(() -> Future.failedFuture("worker pool closed")));
        shared.get(8, 20, counting(() -> Future.succeededFuture(Buffer.buffer("b"))));
        shared.get(8, 1_019, counting(() -> Future.succeededFuture(Buffer.buffer("c"))));
        assertThat(renders).as("change, failure; the third is fresh").isEqualTo(3);

        Future<Buffer> aged = shared.get(8, 1_020, counting(() -> Future.succeededFuture(Buffer.buffer("d"))));

        assertThat(renders).isEqualTo(4);
        assertThat(aged.result().toString()).isEqualTo("d");
    }

    private Supplier<Future<Buffer>> counting(Supplier<Future<Buffer>> render) {
        return () -> {
            renders++;
            return render.get();
        };
    }
}
