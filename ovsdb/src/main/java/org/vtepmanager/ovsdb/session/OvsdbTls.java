package org.vtepmanager.ovsdb.session;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The manager's TLS identity for {@code ssl:} and {@code pssl:} sessions: {@link #client} for the switches it dials,
 * {@link #server} for those that dial it. Both present the manager's certificate and require the switch's, signed by
 * the CA the operator gave, as Open vSwitch's own ends of such a session do. {@link #reload} reads the files again,
 * as Open vSwitch rereads its own when they change: each new session takes the identity current when it opens, and
 * sessions already open keep theirs.
 */
public final class OvsdbTls {

    private record Contexts(SslContext client, SslContext server) {
    }

    private final Path privateKey;
    private final Path certificate;
    private final Path caCertificate;
    private volatile Contexts contexts;

    private OvsdbTls(Path privateKey, Path certificate, Path caCertificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.caCertificate = caCertificate;
        this.contexts = read();
    }

    /**
     * Reads PEM files as Open vSwitch takes them ({@code ovs-vsctl set-ssl}, ovsdb-server's {@code --private-key},
     * {@code --certificate}, {@code --ca-cert}): an unencrypted PKCS#8 key, its certificate, and the CA that signs
     * the switches' certificates. The switch's name is not checked against its address, as Open vSwitch does not
     * check it either: ovs-pki signs a switch's certificate under its name, which no target names. A key that is
     * not its certificate's is refused here, as Open vSwitch refuses it, not at the first switch's handshake.
     *
     * @throws IllegalArgumentException naming the files and what is wrong with them
     */
    public static OvsdbTls fromPem(Path privateKey, Path certificate, Path caCertificate) {
        return new OvsdbTls(privateKey, certificate, caCertificate);
    }

    /** The context a dial opens its session in, as the files were last read. */
    public SslContext client() {
        return contexts.client();
    }

    /** The context a switch that dials in is accepted in, as the files were last read. */
    public SslContext server() {
        return contexts.server();
    }

    /** The key, the certificate and the CA certificate, in that order. */
    public List<Path> files() {
        return List.of(privateKey, certificate, caCertificate);
    }

    /**
     * Reads the files again and makes them the identity of every session opened from now on.
     *
     * @throws IllegalArgumentException naming the files and what is wrong with them; the identity read before stays
     */
    public void reload() {
        contexts = read();
    }

    private Contexts read() {
        try {
            SslContext server = SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile())
                    .trustManager(caCertificate.toFile()).clientAuth(ClientAuth.REQUIRE).build();
            SslContext client = SslContextBuilder.forClient().keyManager(certificate.toFile(), privateKey.toFile())
                    .trustManager(caCertificate.toFile()).endpointIdentificationAlgorithm(null).build();
            KeyPairCheck.check(privateKey, certificate);
            return new Contexts(client, server);
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use private key " + privateKey + ", certificate " + certificate
                    + " and CA certificate " + caCertificate + ": " + e.getMessage()
                    + " (PEM files; the key unencrypted PKCS#8, e.g. from openssl genpkey)", e);
        }
    }
}
