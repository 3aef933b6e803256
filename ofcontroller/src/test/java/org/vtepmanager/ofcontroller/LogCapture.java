package org.vtepmanager.ofcontroller;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** Records this module's log events during one test, so tests can assert what an operator would read. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger("org.vtepmanager.ofcontroller");

    public LogCapture() {
        setName("test-capture");
        start();
        logger.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
    }

    public List<ILoggingEvent> withMessage(String message) {
        return events.stream().filter(e -> e.getMessage().equals(message)).toList();
    }

    /** Every event at WARN or above: what an operator is asked to look at. */
    public List<ILoggingEvent> warnings() {
        return events.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }

    public ILoggingEvent awaitMessage(Duration timeout, String message) {
        Await.until(timeout, "log line \"" + message + "\"", () -> !withMessage(message).isEmpty());
        return withMessage(message).get(0);
    }

    public static Map<String, String> keyValues(ILoggingEvent event) {
        List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
        return pairs.stream().collect(Collectors.toMap(kv -> kv.key, kv -> Objects.toString(kv.value),
                (first, second) -> first));
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
