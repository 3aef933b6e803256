package org.vtepmanager.core.intent;

/** Told of every committed change, in revision order, after it is durable. Must not block. */
@FunctionalInterface
public interface IntentListener {

    void event(IntentEvent event);
}
