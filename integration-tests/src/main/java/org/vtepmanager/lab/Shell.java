package org.vtepmanager.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs lab commands as child processes, with a deadline, capturing both output streams. */
public final class Shell {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Own threads, not the common pool: on 2 cores that pool has one thread and would serialize the drains. */
    private static final ExecutorService DRAINS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "lab-shell-drain");
        thread.setDaemon(true);
        return thread;
    });

    private Shell() {
    }

    public static ExecResult run(String... command) {
        return run(List.of(command), Map.of(), DEFAULT_TIMEOUT);
    }

    /** Runs {@code command} inside network namespace {@code namespace}. */
    public static ExecResult inNamespace(String namespace, List<String> command, Map<String, String> env,
            Duration timeout) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        return run(full, env, timeout);
    }

    /** Runs {@code command} in {@code directory}, for tools that write where they run (ovs-pki). */
    public static ExecResult runIn(Path directory, String... command) {
        return run(new ProcessBuilder(command).directory(directory.toFile()), Map.of(), DEFAULT_TIMEOUT);
    }

    public static ExecResult run(List<String> command, Map<String, String> env, Duration timeout) {
        return run(new ProcessBuilder(command), env, timeout);
    }

    private static ExecResult run(ProcessBuilder builder, Map<String, String> env, Duration timeout) {
        List<String> command = builder.command();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new LabException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new LabException("command timed out after " + timeout.toSeconds() + " s: "
                        + String.join(" ", command));
            }
            return new ExecResult(List.copyOf(command), process.exitValue(), stdout.join(), stderr.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running " + String.join(" ", command), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a stream to its end on another thread, so a chatty command cannot block on a full pipe. */
    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, DRAINS);
    }
}
