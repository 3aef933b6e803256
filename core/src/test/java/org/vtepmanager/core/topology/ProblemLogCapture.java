package org.vtepmanager.core.topology;

import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/** What the problem log logs during a test ({@code @RegisterExtension}). */
final class ProblemLogCapture implements BeforeEachCallback, AfterEachCallback {

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        logged.start();
        problemLog().addAppender(logged);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        problemLog().detachAppender(logged);
    }

    /** Each problem logged so far: its level, message and key-value pairs. */
    List<Tuple> problems() {
        return logged.list.stream().map(event -> tuple(event.getLevel(), event.getMessage(), event.getKeyValuePairs()
                .stream().collect(Collectors.toMap(kv -> kv.key, kv -> kv.value.toString())))).toList();
    }

    List<Level> levels() {
        return logged.list.stream().map(ILoggingEvent::getLevel).toList();
    }

    void clear() {
        logged.list.clear();
    }

    static Tuple appeared(String vtep, String problem) {
        return tuple(Level.WARN, ProblemLog.APPEARED, Map.of("vtep", vtep, "problem", problem));
    }

    static Tuple resolved(String vtep, String problem) {
        return tuple(Level.INFO, ProblemLog.RESOLVED, Map.of("vtep", vtep, "problem", problem));
    }

    private static Logger problemLog() {
        return (Logger) LoggerFactory.getLogger(ProblemLog.class);
    }
}
