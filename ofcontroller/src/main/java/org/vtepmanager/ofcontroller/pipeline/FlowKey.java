package org.vtepmanager.ofcontroller.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMatchV3;
import org.projectfloodlight.openflow.protocol.OFOxmList;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.match.MatchFields;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

/**
 * A flow's identity in OpenFlow (what a strict modify or delete addresses): table, priority and match.
 *
 * <p>Not a record, for two reasons. Its hash: every learn looks flows up by key, and openflowj hashes a match
 * through an {@code EnumMap} of its fields, which was the largest single cost of the learning path; the hash here
 * is taken once, from the values of the fields the pipeline matches on. And its size: a source or destination
 * entry (a MAC's flow, nearly every flow a switch holds) is identified by its in_port, metadata and MAC alone, so
 * a switch's model keeps those fields and {@link #compactMacEntry rebuilds its key without the match}, whose map has
 * a slot for each of the ~120 fields openflowj knows. Such a key rebuilds its match when asked, and compares by
 * those fields, which it holds itself rather than in an object of their own.
 */
public final class FlowKey {

    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final List<MatchField<?>> HASHED = List.of(MatchField.IN_PORT, MatchField.VLAN_VID,
            MatchField.TUNNEL_ID, MatchField.METADATA, MatchField.ETH_SRC, MatchField.ETH_DST, MatchField.ETH_TYPE);

    /** A MAC entry's match: optional exact in_port, masked metadata (the VNI), exact eth_src or eth_dst. */
    private record MacFields(OFPort inPort, long metadata, long metadataMask, boolean source) {
    }

    private final TableId table;
    private final int priority;
    /** Null in a compact key: rebuilt from the MAC entry's fields when asked for. */
    private final Match match;
    private final int hash;
    /** Null unless this is a MAC entry; then its in_port (null for a destination entry), metadata and MAC. */
    private final PipelineSpec.MacKey mac;
    private final OFPort inPort;
    private final long metadata;
    private final long metadataMask;

    public FlowKey(TableId table, int priority, Match match) {
        this(table, priority, match, MacEntry.of(Objects.requireNonNull(table, "table"),
                Objects.requireNonNull(match, "match")));
    }

    private FlowKey(TableId table, int priority, Match match, MacEntry entry) {
        this.table = table;
        this.priority = priority;
        this.match = match;
        this.mac = entry == null ? null : entry.mac();
        this.inPort = entry == null ? null : entry.fields().inPort();
        this.metadata = entry == null ? 0 : entry.fields().metadata();
        this.metadataMask = entry == null ? 0 : entry.fields().metadataMask();
        this.hash = entry == null ? hash(table, priority, match) : hash(table, priority, entry);
    }

    /**
     * A source or destination entry ({@code inPort} null for a destination entry), its match built from these
     * fields: equal to, and hashed as, the key parsed from that match, without walking the match's field map. The
     * learning path builds N+1 entries per learn, and reading each match back was a tenth of it.
     */
    static FlowKey macEntry(TableId table, int priority, OFPort inPort, long metadata, long metadataMask, long mac) {
        MacEntry entry = MacEntry.of(table, inPort, metadata, metadataMask, mac);
        return new FlowKey(table, priority, match(entry.fields(), mac), entry);
    }

    /** The same key as {@link #macEntry} without its match: what a switch's model rebuilds from its fields. */
    static FlowKey compactMacEntry(TableId table, int priority, OFPort inPort, long metadata, long metadataMask,
            long mac) {
        return new FlowKey(table, priority, null, MacEntry.of(table, inPort, metadata, metadataMask, mac));
    }

    private static int hash(TableId table, int priority, Match match) {
        int hash = 31 * table.getValue() + priority;
        for (MatchField<?> field : HASHED) {
            hash = 31 * hash + Objects.hashCode(match.get(field));
        }
        return hash;
    }

    private static int hash(TableId table, int priority, MacEntry entry) {
        return 31 * (31 * table.getValue() + priority) + entry.hashCode();
    }

    public TableId table() {
        return table;
    }

    public int priority() {
        return priority;
    }

    public Match match() {
        return match != null ? match : match(new MacFields(inPort, metadata, metadataMask,
                table.equals(PipelineSpec.SOURCE)), mac.mac());
    }

    /** The MAC this flow is the source or destination entry of; null for a flow that is for no one MAC. */
    PipelineSpec.MacKey mac() {
        return mac;
    }

    /** A MAC entry's in_port; null for a destination entry (and for any flow that is for no one MAC). */
    OFPort inPort() {
        return inPort;
    }

    /** A MAC entry's metadata value and mask (the VNI, and whether the frame came from a tunnel). */
    long metadata() {
        return metadata;
    }

    long metadataMask() {
        return metadataMask;
    }

    /**
     * A MAC entry's match, as the tables install it and as a compact key gives it back. Made from its fields in
     * one go: the library's builder rebuilds its whole field map (an array over every match field) on each set
     * call, and the learning path makes N+1 of these per learn.
     */
    private static Match match(MacFields fields, long mac) {
        List<OFOxm<?>> oxms = new ArrayList<>(3);
        if (fields.inPort() != null) {
            oxms.add(OF13.oxms().inPort(fields.inPort()));
        }
        oxms.add(OF13.oxms().metadataMasked(OFMetadata.ofRaw(fields.metadata()),
                OFMetadata.ofRaw(fields.metadataMask())));
        MacAddress address = MacAddress.of(mac);
        oxms.add(fields.source() ? OF13.oxms().ethSrc(address) : OF13.oxms().ethDst(address));
        return OF13.matchV3(OFOxmList.ofList(oxms));
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof FlowKey key) || key.hash != hash || key.priority != priority
                || !key.table.equals(table)) {
            return false;
        }
        if (mac != null || key.mac != null) {
            return Objects.equals(mac, key.mac) && metadata == key.metadata && metadataMask == key.metadataMask
                    && Objects.equals(inPort, key.inPort);
        }
        return key.match.equals(match);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "FlowKey[table=" + table + ", priority=" + priority + ", match=" + match() + "]";
    }

    /** A match read as a MAC entry: exactly the fields a source or destination entry has, nothing else. */
    private record MacEntry(PipelineSpec.MacKey mac, MacFields fields) {

        static MacEntry of(TableId table, OFPort inPort, long metadata, long metadataMask, long mac) {
            return new MacEntry(new PipelineSpec.MacKey((int) (metadata & PipelineSpec.VNI_MASK), mac),
                    new MacFields(inPort, metadata, metadataMask, table.equals(PipelineSpec.SOURCE)));
        }

        static MacEntry of(TableId table, Match match) {
            boolean source = table.equals(PipelineSpec.SOURCE);
            if (!(source || table.equals(PipelineSpec.DESTINATION)) || !(match instanceof OFMatchV3 v3)) {
                return null;
            }
            OFPort inPort = null;
            OFOxm<?> metadata = null;
            MacAddress address = null;
            for (OFOxm<?> field : v3.getOxmList()) {
                MatchFields id = field.getMatchField().id;
                if (field.isMasked() != (id == MatchFields.METADATA)) {
                    return null;
                }
                switch (id) {
                    case METADATA -> metadata = field;
                    case IN_PORT -> {
                        if (!source) {
                            return null;
                        }
                        inPort = (OFPort) field.getValue();
                    }
                    case ETH_SRC, ETH_DST -> {
                        if (source != (id == MatchFields.ETH_SRC)) {
                            return null;
                        }
                        address = (MacAddress) field.getValue();
                    }
                    default -> {
                        return null;
                    }
                }
            }
            if (metadata == null || address == null) {
                return null;
            }
            long value = ((OFMetadata) metadata.getValue()).getValue().getValue();
            long mask = ((OFMetadata) metadata.getMask()).getValue().getValue();
            return new MacEntry(new PipelineSpec.MacKey((int) (value & PipelineSpec.VNI_MASK), address.getLong()),
                    new MacFields(inPort, value, mask, source));
        }
    }
}
