package org.vtepmanager.ofcontroller;

import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * A message and the xid its session gave it, which {@link OfMessageEncoder} writes into the header as it encodes the
 * message: rebuilding an openflowj message just to change its xid copies its whole match and instruction list,
 * and on the learning path that was a third of the network thread's work.
 */
record Stamped(OFMessage message, long xid) {
}
