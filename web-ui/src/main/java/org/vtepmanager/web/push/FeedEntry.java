package org.vtepmanager.web.push;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One line of the dashboard's "recent events": {@code kind} names what happened (a {@code TopologyEvent} type in
 * lower case, or {@code vtep-joined}, {@code network-created}, ...), so new kinds of event show up without a change
 * here.
 */
public record FeedEntry(long seq, long atMillis, String kind, Level level, String subject, String text) {

    public enum Level { INFO, WARNING, ERROR }

    JsonObject toJson() {
        return new JsonObject().put("seq", seq).put("at", Instant.ofEpochMilli(atMillis).toString()).put("kind", kind)
                .put("level", level.name().toLowerCase(java.util.Locale.ROOT)).put("subject", subject)
                .put("text", text);
    }
}
