package org.vtepmanager.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vtepmanager.core.VtepId;
import org.vtepmanager.lab.Lab;

/**
 * The manager's own jar run as a process against a lab, on free ports and a data directory of its own, its log in
 * that directory: what the dataplane and soak benchmarks measure. Stopped, and its directory removed, on close.
 */
final class ManagerJar implements AutoCloseable {

    private final Process process;
    private final Path dataDir;
    private final ManagerApi api;

    private ManagerJar(Process process, Path dataDir, ManagerApi api) {
        this.process = process;
        this.dataDir = dataDir;
        this.api = api;
    }

    /** Starts {@code jar} with {@code connect} (its --ovsdb-connect and --hardware-vtep-connect options). */
    static ManagerJar start(Path jar, Lab lab, List<String> connect) throws IOException {
        Path data = TempDirs.create("vtep-bench-data-");
        int http = freePort();
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString(), "--datapath-type", "netdev",
                "--openflow-listen", lab.managerAddress() + ":" + freePort(),
                "--ovsdb-listen", "ptcp:" + freePort() + ":127.0.0.1", "--http-host", "127.0.0.1",
                "--http-port", Integer.toString(http), "--data-dir", data.toString()));
        command.addAll(connect);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve("manager.log").toFile()).start();
        ManagerJar manager = new ManagerJar(process, data, new ManagerApi(http));
        try {
            manager.api.awaitUp();
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        return manager;
    }

    /** The VTEP id the manager gives a --ovsdb-connect or --hardware-vtep-connect target without one. */
    static String vtep(String target) {
        return VtepId.derivedFrom(target).toString();
    }

    ManagerApi api() {
        return api;
    }

    long pid() {
        return process.pid();
    }

    Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TempDirs.delete(dataDir);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
