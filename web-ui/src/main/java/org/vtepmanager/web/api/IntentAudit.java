package org.vtepmanager.web.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vtepmanager.core.intent.IntentChange;
import org.vtepmanager.web.push.IntentChanges;

/**
 * The audit trail of intent: one INFO line for each change the API made, naming the change, the revision it
 * made, the token it came with ({@code by}, {@value org.vtepmanager.core.intent.IntentEvent#ANYONE} when the API
 * is open) and the address it
 * came from. A refused change changes nothing and is not in it; the client was told why.
 */
final class IntentAudit {

    private static final Logger log = LoggerFactory.getLogger(IntentAudit.class);

    private IntentAudit() {
    }

    static void changed(IntentChange change, long revision, String caller, String client) {
        IntentChanges account = IntentChanges.of(change);
        log.atInfo().addKeyValue("change", account.kind()).addKeyValue("subject", account.subject())
                .addKeyValue("revision", revision).addKeyValue("by", caller).addKeyValue("client", client)
                .addKeyValue("what", account.text()).log("intent changed");
    }
}
