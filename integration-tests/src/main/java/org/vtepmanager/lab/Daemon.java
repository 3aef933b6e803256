package org.vtepmanager.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A daemon the lab started with {@code --detach --pidfile}: it is known only by the PID in its pidfile, and is
 * stopped by that PID, after checking that the process still belongs to this lab (a PID can be reused).
 */
final class Daemon {

    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(20);

    private Daemon() {
    }

    /** The live process named in {@code pidFile} whose command line mentions {@code runDir}, if any. */
    static Optional<ProcessHandle> of(Path pidFile, Path runDir) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).filter(p -> belongsTo(p, runDir));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True when the process's command line names a path inside the lab's run directory. */
    static boolean belongsTo(ProcessHandle process, Path runDir) {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            return new String(Files.readAllBytes(cmdline)).contains(runDir.toString());
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, then SIGKILL if the process has not exited within the grace period. */
    static void stop(ProcessHandle process) {
        process.destroy();
        if (!awaitGone(process, GRACE)) {
            process.destroyForcibly();
            awaitGone(process, GRACE);
        }
    }

    /**
     * Exited, or a zombie: a detached daemon's parent is init, which may reap it late, and a zombie holds no
     * socket, file or namespace.
     */
    static boolean isGone(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private static boolean awaitGone(ProcessHandle process, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!isGone(process)) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return isGone(process);
            }
        }
        return true;
    }
}
