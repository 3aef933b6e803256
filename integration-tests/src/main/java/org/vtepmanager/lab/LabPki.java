package org.vtepmanager.lab;

import java.nio.file.Path;

/**
 * A certificate authority of the lab's own, made by openssl (which Open vSwitch's packages depend on) in a directory
 * the caller owns: it signs the manager's and each switch's certificate, as {@code ovs-pki} would. Keys are
 * unencrypted PKCS#8, as OpenSSL 3 writes them.
 */
public final class LabPki {

    private final Path dir;
    private final Path caKey;
    private final Path caCertificate;

    private LabPki(Path dir, String name) {
        this.dir = dir;
        this.caKey = dir.resolve(name + "-ca-key.pem");
        this.caCertificate = dir.resolve(name + "-ca-cert.pem");
        Shell.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                "/CN=" + name + " CA", "-keyout", caKey.toString(), "-out", caCertificate.toString()).orThrow();
    }

    /** A new CA named {@code name}, its files in {@code dir}. */
    public static LabPki create(Path dir, String name) {
        return new LabPki(dir, name);
    }

    /** A key and a certificate for {@code name}, signed by this CA. */
    public Identity issue(String name) {
        Path key = dir.resolve(name + "-key.pem");
        Path request = dir.resolve(name + "-req.pem");
        Path certificate = dir.resolve(name + "-cert.pem");
        Shell.run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name, "-keyout",
                key.toString(), "-out", request.toString()).orThrow();
        Shell.run("openssl", "x509", "-req", "-in", request.toString(), "-CA", caCertificate.toString(), "-CAkey",
                caKey.toString(), "-CAcreateserial", "-days", "1", "-out", certificate.toString()).orThrow();
        return new Identity(key, certificate, caCertificate);
    }

    /** What {@code ovs-vsctl set-ssl} takes, and the manager's {@code --tls-*} options. */
    public record Identity(Path privateKey, Path certificate, Path caCertificate) {
    }
}
