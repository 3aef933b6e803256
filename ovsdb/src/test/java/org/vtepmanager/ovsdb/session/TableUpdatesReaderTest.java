package org.vtepmanager.ovsdb.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vmware.ovsdb.protocol.methods.TableUpdates;
import com.vmware.ovsdb.protocol.operation.notation.Row;
import com.vmware.ovsdb.protocol.operation.notation.Uuid;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TableUpdatesReaderTest {

    private static final String UPDATE = """
            {"Bridge": {
               "6f8e1d3c-0000-4000-8000-000000000001": {
                 "new": {"name": "br-int", "fail_mode": ["set", []], "protocols": ["set", ["OpenFlow13"]],
                         "ports": ["set", [["uuid", "6f8e1d3c-0000-4000-8000-000000000002"],
                                           ["uuid", "6f8e1d3c-0000-4000-8000-000000000003"]]],
                         "controller": ["uuid", "6f8e1d3c-0000-4000-8000-000000000004"],
                         "external_ids": ["map", [["vtep-manager", "integration-bridge"]]],
                         "stp_enable": false, "mcast_snooping_enable": true},
                 "old": {"fail_mode": ["set", ["standalone"]]}},
               "6f8e1d3c-0000-4000-8000-000000000005": {"old": {"name": "br-gone"}}},
             "Interface": {
               "6f8e1d3c-0000-4000-8000-000000000006": {"new": {"ofport": 7, "link_speed": 1.0e9}}}}
            """;

    @Test
    void readsAtomsSetsMapsAndUuidsAsTheLibraryRepresentsThem() throws Exception {
        TableUpdates updates = TableUpdatesReader.read(new ObjectMapper().readTree(UPDATE));

        Row bridge = updates.getTableUpdates().get("Bridge").getRowUpdates()
                .get(UUID.fromString("6f8e1d3c-0000-4000-8000-000000000001")).getNew();
        assertThat(bridge.getStringColumn("name")).isEqualTo("br-int");
        assertThat((Set<Object>) bridge.getSetColumn("fail_mode")).isEmpty();
        assertThat((Set<Object>) bridge.getSetColumn("protocols")).containsExactly("OpenFlow13");
        assertThat((Set<Object>) bridge.getSetColumn("ports")).containsExactlyInAnyOrder(
                Uuid.of(UUID.fromString("6f8e1d3c-0000-4000-8000-000000000002")),
                Uuid.of(UUID.fromString("6f8e1d3c-0000-4000-8000-000000000003")));
        assertThat((Set<Object>) bridge.getSetColumn("controller"))
                .containsExactly(Uuid.of(UUID.fromString("6f8e1d3c-0000-4000-8000-000000000004")));
        assertThat((Map<Object, Object>) bridge.getMapColumn("external_ids"))
                .containsExactly(Map.entry("vtep-manager", "integration-bridge"));
        assertThat(bridge.getBooleanColumn("stp_enable")).isFalse();
        assertThat((Set<Object>) updates.getTableUpdates().get("Interface").getRowUpdates()
                .get(UUID.fromString("6f8e1d3c-0000-4000-8000-000000000006")).getNew().getSetColumn("ofport"))
                .containsExactly(7L);
    }

    @Test
    void aDeletedRowHasOnlyItsOldColumns() throws Exception {
        TableUpdates updates = TableUpdatesReader.read(new ObjectMapper().readTree(UPDATE));

        var deleted = updates.getTableUpdates().get("Bridge").getRowUpdates()
                .get(UUID.fromString("6f8e1d3c-0000-4000-8000-000000000005"));
        assertThat(deleted.getNew()).isNull();
        assertThat(deleted.getOld().getStringColumn("name")).isEqualTo("br-gone");
    }
}
