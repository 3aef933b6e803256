package org.vtepmanager.core.intent;

/** Intent changed: {@code change} was committed durably at {@code revision}; {@code intent} is the result. */
public record IntentEvent(long revision, IntentChange change, Intent intent) {
}
