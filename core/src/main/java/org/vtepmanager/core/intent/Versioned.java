package org.vtepmanager.core.intent;

/**
 * A record and the store revision that last wrote it, like an etcd key's mod_revision: callers that read a version
 * can make a later write conditional on it (compare-and-set).
 */
public record Versioned<T>(T value, long version) {
}
