package org.vtepmanager.ovsdb.session;

import java.nio.channels.ClosedChannelException;

/** A failed TLS handshake in an operator's words: what went wrong, and what to check on both ends. */
final class TlsFailure {

    private static final String CHECK = " (each end's certificate must be signed by a CA the other end trusts: "
            + "the manager's --tls-ca-cert, the switch's CA certificate; and the switch's remote must be ssl: or "
            + "pssl:)";

    private TlsFailure() {
    }

    static String reason(Throwable cause) {
        return "TLS handshake failed: " + said(cause) + CHECK;
    }

    /** The innermost message; a close without one is said as such. */
    private static String said(Throwable cause) {
        Throwable inner = cause;
        while (inner.getCause() != null && inner.getCause() != inner) {
            inner = inner.getCause();
        }
        if (inner instanceof ClosedChannelException || inner.getMessage() == null) {
            return "the switch closed the connection during the handshake";
        }
        return inner.getMessage();
    }
}
