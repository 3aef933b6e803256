package org.vtepmanager.ovsdb.session;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * The manager's TLS identity for {@code ssl:} and {@code pssl:} sessions: {@code client} for the switches it dials,
 * {@code server} for those that dial it. Both present the manager's certificate and require the switch's, signed by
 * the CA the operator gave, as Open vSwitch's own ends of such a session do.
 */
public record OvsdbTls(SslContext client, SslContext server) {

    public OvsdbTls {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
        if (!client.isClient() || server.isClient()) {
            throw new IllegalArgumentException("expected a client context and a server context");
        }
    }

    /**
     * Reads PEM files as Open vSwitch takes them ({@code ovs-vsctl set-ssl}, ovsdb-server's {@code --private-key},
     * {@code --certificate}, {@code --ca-cert}): an unencrypted PKCS#8 key, its certificate, and the CA that signs
     * the switches' certificates. The switch's name is not checked against its address, as Open vSwitch does not
     * check it either: ovs-pki signs a switch's certificate under its name, which no target names.
     *
     * @throws IllegalArgumentException naming the files and what is wrong with them
     */
    public static OvsdbTls fromPem(Path privateKey, Path certificate, Path caCertificate) {
        try {
            SslContext server = SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile())
                    .trustManager(caCertificate.toFile()).clientAuth(ClientAuth.REQUIRE).build();
            SslContext client = SslContextBuilder.forClient().keyManager(certificate.toFile(), privateKey.toFile())
                    .trustManager(caCertificate.toFile()).endpointIdentificationAlgorithm(null).build();
            return new OvsdbTls(client, server);
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use private key " + privateKey + ", certificate " + certificate
                    + " and CA certificate " + caCertificate + ": " + e.getMessage()
                    + " (PEM files; the key unencrypted PKCS#8, e.g. from openssl genpkey)", e);
        }
    }
}
