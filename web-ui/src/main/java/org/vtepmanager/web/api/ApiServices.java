package org.vtepmanager.web.api;

import java.time.Clock;
import org.vtepmanager.core.intent.IntentStore;
import org.vtepmanager.core.mac.MacTables;
import org.vtepmanager.core.topology.TopologyService;

/** The core services the API reads and writes. */
public record ApiServices(IntentStore intent, MacTables macs, TopologyService topology, Clock clock) {
}
