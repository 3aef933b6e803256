package org.vtepmanager.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files the manager reads again when they change, as Open vSwitch rereads its key and certificates: TLS identities
 * and API tokens, so that a certificate is rotated or a token revoked without a restart. Each file's stamp (modified
 * time, size, inode) is read every period on a thread of its own, never an event loop's. A reload runs once the
 * stamps changed and then held still for a whole period, so that a key and its certificate copied one after the
 * other are read as a pair. A reload that fails (a half-written file, a key that is not its certificate's) is
 * logged at WARN naming the files, and what was loaded before stays in use until the files change again.
 */
final class WatchedFiles implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WatchedFiles.class);

    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "watched-files");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration period;

    WatchedFiles(Duration period) {
        this.period = Objects.requireNonNull(period, "period");
    }

    /** What files looked like at one moment: each one's modified time, size and inode, or why it could not be read. */
    record Stamps(List<Object> each) {
    }

    /** The stamps of {@code files} now: taken before they are read, a change made while they are read is seen. */
    static Stamps stamp(List<Path> files) {
        return new Stamps(stamps(files));
    }

    /**
     * Runs {@code reload} when {@code files} change from what they were when stamped {@code read} (just before they
     * were loaded); {@code what} names them in the log. {@code reload} puts what the files hold in use, or throws
     * saying why it cannot.
     */
    void watch(String what, List<Path> files, Stamps read, Runnable reload) {
        Watch watch = new Watch(what, List.copyOf(files), reload, read.each());
        poller.scheduleWithFixedDelay(watch::poll, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    /** One set of files; touched by the poller thread only. */
    private static final class Watch {
        private final String what;
        private final List<Path> files;
        private final Runnable reload;
        private List<Object> loaded;
        private List<Object> changed;

        Watch(String what, List<Path> files, Runnable reload, List<Object> loaded) {
            this.what = what;
            this.files = files;
            this.reload = reload;
            this.loaded = loaded;
        }

        void poll() {
            List<Object> now = stamps(files);
            if (now.equals(loaded)) {
                changed = null;
            } else if (!now.equals(changed)) {
                changed = now;
            } else {
                loaded = now;
                changed = null;
                load();
            }
        }

        private void load() {
            try {
                reload.run();
                log.atInfo().addKeyValue("files", files).log(what + " reloaded");
            } catch (RuntimeException e) {
                // Caught whatever it is: a task that throws is never scheduled again, and the files stay watched.
                log.atWarn().addKeyValue("files", files).addKeyValue("reason", e.getMessage())
                        .log(what + " not reloaded: the ones loaded before stay in use");
            }
        }
    }

    /** A missing or unreadable file stamps as the reason, so that its return is a change too. */
    private static List<Object> stamps(List<Path> files) {
        return files.stream().map(file -> {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return (Object) List.of(attributes.lastModifiedTime(), attributes.size(),
                        Objects.requireNonNullElse(attributes.fileKey(), "none"));
            } catch (IOException e) {
                return e.toString();
            }
        }).toList();
    }
}
