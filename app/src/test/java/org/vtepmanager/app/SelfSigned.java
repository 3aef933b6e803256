package org.vtepmanager.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A key and a certificate signed by itself, made by openssl as an operator would: the app's tests' TLS files. */
final class SelfSigned {

    private SelfSigned() {
    }

    /** Writes a new key and a certificate for CN={@code name}, valid for {@code days}. */
    static void write(String name, int days, Path key, Path certificate) throws Exception {
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                String.valueOf(days), "-subj", "/CN=" + name, "-keyout", key.toString(), "-out",
                certificate.toString()).redirectErrorStream(true).start();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0).as("openssl made a certificate")
                .isTrue();
    }
}
