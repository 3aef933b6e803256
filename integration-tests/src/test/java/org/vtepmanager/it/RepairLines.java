package org.vtepmanager.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.vtepmanager.ovsdb.session.RepairWatch;

/** The repairs of OVSDB rows a manager running in this JVM logs, each as its formatted line. */
final class RepairLines implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(RepairWatch.class);

    RepairLines() {
        appender.start();
        logger.addAppender(appender);
    }

    List<String> lines() {
        return appender.list.stream().map(event -> event.getFormattedMessage() + " " + event.getKeyValuePairs())
                .toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
