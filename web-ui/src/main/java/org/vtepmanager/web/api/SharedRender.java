package org.vtepmanager.web.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.function.Supplier;

/**
 * One render of a view, shared by every request that asks for it while nothing changed. Each topology change is
 * pushed to every open dashboard at once, and each then fetches the topology: without sharing, a change cost one
 * render per dashboard (tens of milliseconds each with thousands of endpoints), so CPU grew with the number of
 * dashboards times the change rate. A render is reused while the change count it was made at is current, and for
 * at most {@code maxAgeMillis}, since some of what it shows moves without a change event (a MAC's last-seen time,
 * a hold that ends). A request arriving while the render is in flight waits for that one.
 */
final class SharedRender {

    private final long maxAgeMillis;
    private Future<Buffer> body;
    private long changes;
    private long renderedAtMillis;

    SharedRender(long maxAgeMillis) {
        this.maxAgeMillis = maxAgeMillis;
    }

    /** The render for {@code changesNow}, starting one with {@code render} unless a fresh one exists. */
    synchronized Future<Buffer> get(long changesNow, long nowMillis, Supplier<Future<Buffer>> render) {
        // A render in flight is shared whatever its age: a slow one must not make every request start another.
        boolean stale = body == null || changesNow != changes || body.failed()
                || body.isComplete() && nowMillis - renderedAtMillis >= maxAgeMillis;
        if (stale) {
            body = render.get();
            changes = changesNow;
            renderedAtMillis = nowMillis;
        }
        return body;
    }
}
