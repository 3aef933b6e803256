package org.vtepmanager.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Removes a lab by its prefix alone: daemons named in its pidfiles, processes left in its namespaces, its
 * namespaces, its root-namespace links and its run directory. Because it needs no in-memory state, the same
 * sweep serves a normal teardown, a teardown after a failed test and the cleanup of a lab whose JVM died.
 */
public final class LabJanitor {

    private static final String OWNER_FILE = "owner";

    private LabJanitor() {
    }

    public static Path runRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "vtep-lab");
    }

    static Path runDir(String prefix) {
        return runRoot().resolve(prefix);
    }

    /** Records this JVM as the lab's owner, so a later run can tell an abandoned lab from a live one. */
    static void claim(String prefix) {
        ProcessHandle self = ProcessHandle.current();
        String owner = self.pid() + " " + self.info().startInstant().map(Object::toString).orElse("?");
        try {
            Files.createDirectories(runDir(prefix));
            Files.writeString(runDir(prefix).resolve(OWNER_FILE), owner);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create lab run directory " + runDir(prefix), e);
        }
    }

    /** Tears down everything named with {@code prefix}. Safe to call twice and on a half-built lab. */
    public static synchronized void sweep(String prefix) {
        requirePrefix(prefix);
        Path dir = runDir(prefix);
        pidFiles(dir).forEach(pidFile -> Daemon.of(pidFile, dir).ifPresent(Daemon::stop));
        for (String namespace : namespaces(prefix)) {
            stopProcessesIn(namespace);
            Shell.run("ip", "netns", "del", namespace);
        }
        for (String link : links(prefix)) {
            Shell.run("ip", "link", "del", link);
        }
        deleteRecursively(dir);
    }

    /** Sweeps every lab whose owning JVM is gone; returns their prefixes. */
    public static List<String> sweepOrphans() {
        List<String> swept = new ArrayList<>();
        if (!Files.isDirectory(runRoot())) {
            return swept;
        }
        try (Stream<Path> labs = Files.list(runRoot())) {
            labs.map(p -> p.getFileName().toString()).filter(LabNames::isPrefix).filter(p -> !ownerAlive(p))
                    .forEach(prefix -> {
                        sweep(prefix);
                        swept.add(prefix);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runRoot(), e);
        }
        return swept;
    }

    /** Whatever of the lab is still there: namespaces, links, live daemons, the run directory. Empty when clean. */
    public static List<String> leftovers(String prefix) {
        requirePrefix(prefix);
        List<String> left = new ArrayList<>();
        namespaces(prefix).forEach(ns -> left.add("namespace " + ns));
        links(prefix).forEach(link -> left.add("link " + link));
        Path dir = runDir(prefix);
        ProcessHandle.allProcesses().filter(p -> !Daemon.isGone(p) && Daemon.belongsTo(p, dir))
                .forEach(p -> left.add("process " + p.pid() + " " + p.info().command().orElse("?")));
        if (Files.exists(dir)) {
            left.add("directory " + dir);
        }
        return left;
    }

    static boolean ownerAlive(String prefix) {
        try {
            String[] owner = Files.readString(runDir(prefix).resolve(OWNER_FILE)).strip().split(" ");
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(owner[0]));
            return process.isPresent() && process.get().info().startInstant()
                    .map(Object::toString).orElse("?").equals(owner[1]);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static List<String> namespaces(String prefix) {
        return Shell.run("ip", "netns", "list").stdout().lines()
                .map(line -> line.split(" ")[0])
                .filter(name -> name.startsWith(prefix + "-"))
                .toList();
    }

    /** Root-namespace links whose name starts with the prefix ({@code ip -o link} prints "N: name@peer: ..."). */
    static List<String> links(String prefix) {
        return Shell.run("ip", "-o", "link", "show").stdout().lines()
                .map(line -> line.split(": ")[1].split("@")[0])
                .filter(name -> name.startsWith(prefix + "-"))
                .toList();
    }

    private static void stopProcessesIn(String namespace) {
        Shell.run("ip", "netns", "pids", namespace).stdout().lines()
                .map(String::strip).filter(s -> !s.isEmpty())
                .map(Long::parseLong).map(ProcessHandle::of)
                .flatMap(Optional::stream).forEach(Daemon::stop);
    }

    private static List<Path> pidFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".pid")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list pidfiles in " + dir, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove lab run directory " + dir, e);
        }
    }

    private static void requirePrefix(String prefix) {
        if (!LabNames.isPrefix(prefix)) {
            throw new IllegalArgumentException("'" + prefix + "' is not a lab prefix");
        }
    }
}
