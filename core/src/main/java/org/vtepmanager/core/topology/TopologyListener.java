package org.vtepmanager.core.topology;

/** Told of every {@link TopologyEvent}; runs on the reporting thread, so it must not block. */
@FunctionalInterface
public interface TopologyListener {

    void event(TopologyEvent event);
}
