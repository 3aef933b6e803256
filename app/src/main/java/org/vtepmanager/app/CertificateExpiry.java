package org.vtepmanager.app;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the certificates in use expire: the manager's own, each CA it trusts, and the HTTPS port's. Served at
 * {@code /metrics} as {@code vtep_manager_certificate_expiry_timestamp_seconds{use,subject}}, one series per
 * certificate (a CA file may hold several), so that an alert can fire weeks before a switch refuses the manager.
 * A certificate that expires within {@link #WARN_BEFORE} is also a WARN when it is read. Read with the JDK's own
 * X.509 factory, which takes PEM: no PEM code of ours.
 */
final class CertificateExpiry {

    /** Long enough to rotate a certificate through a change process; ovs-pki signs for ten years by default. */
    static final Duration WARN_BEFORE = Duration.ofDays(30);
    private static final Logger log = LoggerFactory.getLogger(CertificateExpiry.class);

    private final Clock clock;
    /** Per use ("tls", "tls-ca", "https"): each certificate's subject and expiry, as last read. */
    private final Map<String, List<Expiry>> byUse = new ConcurrentSkipListMap<>();

    private record Expiry(String subject, Instant notAfter) {
    }

    CertificateExpiry(Clock clock) {
        this.clock = clock;
    }

    /**
     * Reads the certificates of {@code file}, in use as {@code use}, replacing what was read for that use before.
     * Called once the file has been loaded, so it parses; if it no longer does, the reading before stays.
     */
    void read(String use, Path file) {
        List<Expiry> expiries;
        try (InputStream pem = Files.newInputStream(file)) {
            expiries = CertificateFactory.getInstance("X.509").generateCertificates(pem).stream()
                    .map(X509Certificate.class::cast)
                    .map(c -> new Expiry(c.getSubjectX500Principal().getName(), c.getNotAfter().toInstant()))
                    .toList();
        } catch (IOException | CertificateException e) {
            log.atWarn().addKeyValue("use", use).addKeyValue("file", file).addKeyValue("reason", e.toString())
                    .log("certificate expiry not read");
            return;
        }
        byUse.put(use, expiries);
        Instant soon = clock.instant().plus(WARN_BEFORE);
        expiries.stream().filter(e -> e.notAfter().isBefore(soon)).forEach(e -> log.atWarn()
                .addKeyValue("use", use).addKeyValue("file", file).addKeyValue("subject", e.subject())
                .addKeyValue("notAfter", e.notAfter()).log("certificate expires within " + WARN_BEFORE.toDays()
                        + " days: replace the file (it is read again when it changes)"));
    }

    void register(PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("vtep_manager_certificate_expiry_timestamp_seconds")
                .help("When each certificate in use expires (Unix time): the manager's (use=tls), the CAs it "
                        + "trusts (tls-ca), the HTTPS port's (https)")
                .labelNames("use", "subject")
                .callback(callback -> byUse.forEach((use, expiries) -> expiries.forEach(e ->
                        callback.call(e.notAfter().getEpochSecond(), use, e.subject()))))
                .register(registry);
    }
}
