package org.vtepmanager.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.app.Eventually.assertThatEventually;
import static org.vtepmanager.app.Eventually.assertThatThroughout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchedFilesTest {

    private static final Duration PERIOD = Duration.ofMillis(50);
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private final WatchedFiles watched = new WatchedFiles(PERIOD);
    private final AtomicInteger reloads = new AtomicInteger();

    @AfterEach
    void stop() {
        watched.close();
    }

    @Test
    void filesThatDoNotChangeAreNotReloaded() throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "key");
        watchAsTheyAre("test identity", List.of(key), reloads::incrementAndGet);

        assertThatThroughout(PERIOD.multipliedBy(8), reloads::get, count -> assertThat(count).isZero());
    }

    @Test
    void aChangeIsReloadedOnceWhenTheFilesHoldStill() throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "key");
        Path certificate = Files.writeString(dir.resolve("cert.pem"), "certificate");
        watchAsTheyAre("test identity", List.of(key, certificate), reloads::incrementAndGet);

        Files.writeString(key, "new key");
        Files.writeString(certificate, "new certificate");

        // Once as a rule; twice only if the writer stalled for two checks between its writes.
        assertThatEventually(WAIT, reloads::get, count -> assertThat(count).isPositive());
        int settled = reloads.get();
        assertThatThroughout(PERIOD.multipliedBy(8), reloads::get, count -> assertThat(count)
                .as("once the files hold still, not at every check").isEqualTo(settled));
    }

    @Test
    void aReloadThatFailsIsTriedAgainOnlyWhenTheFilesChangeAgainAndTheWatchGoesOn() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "alice");
        watchAsTheyAre("test tokens", List.of(tokens), () -> {
            reloads.incrementAndGet();
            throw new IllegalArgumentException("line 1: expected NAME TOKEN");
        });

        Files.writeString(tokens, "alice short");
        assertThatEventually(WAIT, reloads::get, count -> assertThat(count).isEqualTo(1));
        assertThatThroughout(PERIOD.multipliedBy(8), reloads::get, count -> assertThat(count)
                .as("not retried while the file stays as it is").isEqualTo(1));

        Files.writeString(tokens, "alice still short");
        assertThatEventually(WAIT, reloads::get, count -> assertThat(count).isEqualTo(2));
    }

    @Test
    void aFileChangedBetweenItsStampAndTheWatchIsReloaded() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "alice");
        WatchedFiles.Stamps read = WatchedFiles.stamp(List.of(tokens));
        Files.writeString(tokens, "alice and bob");

        watched.watch("test tokens", List.of(tokens), read, reloads::incrementAndGet);

        assertThatEventually(WAIT, reloads::get, count -> assertThat(count).isEqualTo(1));
    }

    @Test
    void aFileRemovedAndPutBackIsAChange() throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "key");
        watchAsTheyAre("test identity", List.of(key), reloads::incrementAndGet);

        Files.delete(key);
        assertThatEventually(WAIT, reloads::get, count -> assertThat(count).isEqualTo(1));
        Files.writeString(key, "key");

        assertThatEventually(WAIT, reloads::get, count -> assertThat(count).isEqualTo(2));
    }

    /** Watches {@code files} as they are now, as if just read. */
    private void watchAsTheyAre(String what, List<Path> files, Runnable reload) {
        watched.watch(what, files, WatchedFiles.stamp(files), reload);
    }
}
