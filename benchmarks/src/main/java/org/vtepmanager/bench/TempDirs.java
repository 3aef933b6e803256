package org.vtepmanager.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Temporary directories of a benchmark run, created and removed whole; and what a run leaves when it is stopped
 * (Ctrl-C, kill) before its own cleanup ran: {@link #removeLeftoversAtExit} ends the processes this JVM started
 * (ovsdb-server, ovs-vswitchd, ovs-testcontroller, the manager's jar), by PID, and then removes their directories.
 */
final class TempDirs {

    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    private TempDirs() {
    }

    static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            LIVE.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
            LIVE.remove(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Once per JVM; at a normal end everything is already gone and the hook finds nothing. */
    static void removeLeftoversAtExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::removeLeftovers, "vtep-bench-leftovers"));
    }

    private static void removeLeftovers() {
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        children.forEach(ProcessHandle::destroy);
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
            }
        }
        for (Path dir : List.copyOf(LIVE)) {
            try {
                delete(dir);
            } catch (UncheckedIOException e) {
                System.err.println("vtep-bench: could not remove " + dir + ": " + e.getCause().getMessage());
            }
        }
    }
}
