package org.vtepmanager.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class CertificateExpiryTest {

    @TempDir
    Path dir;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final CertificateExpiry expiry = new CertificateExpiry(Clock.systemUTC());
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger log = (Logger) LoggerFactory.getLogger(CertificateExpiry.class);

    @BeforeEach
    void listen() {
        expiry.register(registry);
        logged.start();
        log.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        log.detachAppender(logged);
    }

    @Test
    void eachCertificateOfAFileIsASeriesOfItsExpiryAndOneDueWithinThirtyDaysIsAWarn() throws Exception {
        Path manager = certificate("manager", 400);
        Path ca = Files.writeString(dir.resolve("cas.pem"), Files.readString(certificate("ca-one", 2))
                + Files.readString(certificate("ca-two", 3650)));

        expiry.read("tls", manager);
        expiry.read("tls-ca", ca);

        String scraped = scrape();
        assertThat(value(scraped, "subject=\"CN=manager\",use=\"tls\"")).isEqualTo(notAfter(manager));
        assertThat(scraped).contains("subject=\"CN=ca-one\",use=\"tls-ca\"", "subject=\"CN=ca-two\",use=\"tls-ca\"");
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .singleElement().satisfies(event -> assertThat(event.getMessage()).startsWith(
                        "certificate expires within 30 days"));
    }

    @Test
    void aReadReplacesTheUsesSeriesAndAFileThatNoLongerParsesKeepsThem() throws Exception {
        Path file = certificate("first", 400);
        expiry.read("https", file);
        Files.copy(certificate("second", 400), file, StandardCopyOption.REPLACE_EXISTING);

        expiry.read("https", file);
        Files.writeString(file, "not a certificate");
        expiry.read("https", file);

        assertThat(scrape()).contains("subject=\"CN=second\"").doesNotContain("CN=first");
        assertThat(logged.list).extracting(ILoggingEvent::getMessage).contains("certificate expiry not read");
    }

    /** The value of the series with {@code labels}, as the text format writes it. */
    private static double value(String scraped, String labels) {
        String prefix = "vtep_manager_certificate_expiry_timestamp_seconds{" + labels + "} ";
        return scraped.lines().filter(line -> line.startsWith(prefix)).findFirst()
                .map(line -> Double.parseDouble(line.substring(prefix.length()))).orElseThrow();
    }

    private String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A self-signed certificate for CN={@code name}, valid for {@code days}. */
    private Path certificate(String name, int days) throws Exception {
        Path certificate = dir.resolve(name + "-cert.pem");
        SelfSigned.write(name, days, dir.resolve(name + "-key.pem"), certificate);
        return certificate;
    }

    private static double notAfter(Path certificate) throws Exception {
        try (InputStream pem = Files.newInputStream(certificate)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem)).getNotAfter()
                    .toInstant().getEpochSecond();
        }
    }
}
