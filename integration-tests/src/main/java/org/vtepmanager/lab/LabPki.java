package org.vtepmanager.lab;

import java.nio.file.Path;

/**
 * A PKI of the lab's own, made by Open vSwitch's {@code ovs-pki} as README tells an operator to: its controller CA
 * signs the manager's certificate and its switch CA each switch's, so the manager trusts the switch CA and every
 * switch the controller CA. Keys are unencrypted PKCS#8, as ovs-pki writes them with OpenSSL 3.
 */
public final class LabPki {

    private final Path dir;

    private LabPki(Path dir) {
        this.dir = dir;
        Shell.run("ovs-pki", "--dir=" + pki(), "init").orThrow();
    }

    /** A new PKI with its files under {@code dir}, which the caller owns. */
    public static LabPki create(Path dir) {
        return new LabPki(dir);
    }

    /** The manager's key and certificate, and the CA that signs the switches'. */
    public Identity manager() {
        return issue("manager", "controller", switchCaCertificate());
    }

    /** The CA certificate that signs the switches' certificates: what the manager trusts. */
    public Path switchCaCertificate() {
        return pki().resolve("switchca/cacert.pem");
    }

    /** The CA certificate that signs the manager's certificate: what every switch trusts. */
    public Path controllerCaCertificate() {
        return pki().resolve("controllerca/cacert.pem");
    }

    /** A switch's key and certificate ({@code ovs-vsctl set-ssl}), and the CA that signs the manager's. */
    public Identity switchIdentity(String name) {
        return issue(name, "switch", controllerCaCertificate());
    }

    /** In {@code dir}, by name: ovs-pki puts the name it is given in the certificate's CN, which holds 64 at most. */
    private Identity issue(String name, String type, Path trusted) {
        Shell.runIn(dir, "ovs-pki", "--dir=" + pki(), "req+sign", name, type).orThrow();
        return new Identity(dir.resolve(name + "-privkey.pem"), dir.resolve(name + "-cert.pem"), trusted);
    }

    private Path pki() {
        return dir.resolve("pki");
    }

    /** What {@code ovs-vsctl set-ssl} takes, and the manager's {@code --tls-*} options. */
    public record Identity(Path privateKey, Path certificate, Path caCertificate) {
    }
}
