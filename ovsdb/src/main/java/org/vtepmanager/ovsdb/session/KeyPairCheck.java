package org.vtepmanager.ovsdb.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * Proves that a private key is its certificate's, as Open vSwitch does when it loads them
 * ({@code SSL_CTX_check_private_key}): Netty builds a context from any key and any certificate, and a pair that does
 * not match would only show at the next switch's handshake, as a failure on the switch's side. The proof is a TLS
 * handshake in memory, between the pair as server and a client that checks the server's signature against the
 * certificate (and nothing else: the CA is not the question here). Done by a handshake because the key is read
 * by Netty alone: the project has no PEM or X.509 code of its own.
 */
public final class KeyPairCheck {

    /** A handshake is a few flights each way; more rounds than this means it is stuck. */
    private static final int MAX_ROUNDS = 16;

    private KeyPairCheck() {
    }

    /**
     * Any PEM pair: the OVSDB and OpenFlow identity's, and the HTTPS port's, which the app checks with this too.
     *
     * @throws IllegalArgumentException naming both files, when they cannot be read or the key is not the
     *     certificate's
     */
    public static void check(Path privateKey, Path certificate) {
        SslContext server;
        SslContext client;
        try {
            server = SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile()).build();
            client = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use private key " + privateKey + " and certificate "
                    + certificate + ": " + e.getMessage(), e);
        }
        EmbeddedChannel serverEnd = new EmbeddedChannel();
        EmbeddedChannel clientEnd = new EmbeddedChannel();
        try {
            serverEnd.pipeline().addLast(server.newHandler(serverEnd.alloc()));
            SslHandler clientTls = client.newHandler(clientEnd.alloc());
            clientEnd.pipeline().addLast(clientTls);
            for (int round = 0; round < MAX_ROUNDS && !clientTls.handshakeFuture().isDone(); round++) {
                deliver(clientEnd, serverEnd);
                deliver(serverEnd, clientEnd);
            }
            if (!clientTls.handshakeFuture().isSuccess()) {
                throw new IllegalArgumentException("private key " + privateKey + " is not the key of certificate "
                        + certificate);
            }
        } finally {
            serverEnd.finishAndReleaseAll();
            clientEnd.finishAndReleaseAll();
        }
    }

    /** Hands what {@code from} wrote to {@code to}; a failed handshake's exception is the handshake future's too. */
    private static void deliver(EmbeddedChannel from, EmbeddedChannel to) {
        for (ByteBuf bytes = from.readOutbound(); bytes != null; bytes = from.readOutbound()) {
            try {
                to.writeInbound(bytes);
            } catch (RuntimeException failedHandshake) {
                return;
            }
        }
    }
}
