package org.vtepmanager.ofcontroller.pipeline;

import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.vtepmanager.core.Vni;

/**
 * The pipeline, declared once: its tables, how the VNI travels in metadata, the group ids and the cookies that
 * mark every flow as ours and say why it exists. See the module README for a table per table.
 */
public final class PipelineSpec {

    /** (in_port, VLAN) or tun_id → VNI in metadata; everything else dropped. */
    public static final TableId CLASSIFY = TableId.of(0);
    /** Known (VNI, eth_src, in_port) pass; unknown sources and local ARP replies go to the controller (and on). */
    public static final TableId SOURCE = TableId.of(1);
    /** (VNI, eth_dst) → local port or tunnel; ARP requests to the controller; the rest floods. */
    public static final TableId DESTINATION = TableId.of(2);

    /** Metadata bits 0-23: the VNI; bit 24: the frame came from a tunnel (split horizon). */
    public static final long VNI_MASK = 0xFF_FFFFL;
    public static final long FROM_TUNNEL = 1L << 24;
    /** Group ids: the VNI, with bit 24 for its full flood group and bit 25 for its ARP request group. */
    private static final int ARP_GROUP_BIT = 1 << 25;

    /** Cookie: 0x7674 ("vt") in the top 16 bits marks our flows; then the reason; the VNI in the low 24 bits. */
    public static final long COOKIE_OWNER = 0x7674L << 48;
    public static final long COOKIE_OWNER_MASK = 0xFFFFL << 48;
    /**
     * Cookie bit of a hold ({@link Reason#SOURCE_HELD}): a flow the switch removes by itself (a hard timeout) and
     * that answers a packet-in, not intent, so no read, count or repair of the switch looks at it.
     */
    public static final long COOKIE_TRANSIENT = 1L << 32;
    /** What reads and counts of our reconciled flows match cookies against: ours, and not transient. */
    public static final long COOKIE_RECONCILED_MASK = COOKIE_OWNER_MASK | COOKIE_TRANSIENT;
    private static final int REASON_SHIFT = 40;

    /** Why a flow exists, carried in its cookie (visible in {@code ovs-ofctl dump-flows}). */
    public enum Reason {
        CLASSIFY_PORT(1), CLASSIFY_TUNNEL(2), DROP_TAGGED_FROM_TUNNEL(3), TABLE_MISS(4), SOURCE_KNOWN(5),
        SOURCE_FROM_TUNNEL(6), SOURCE_UNKNOWN(7), DESTINATION_LOCAL(8), DESTINATION_REMOTE(9), ARP_TO_CONTROLLER(10),
        FLOOD(11), ARP_REPLY_TO_CONTROLLER(12), SOURCE_HELD(13);

        final int code;

        Reason(int code) {
            this.code = code;
        }
    }

    /** Priorities, highest first within each table. */
    static final int PRIORITY_ARP = 200;
    static final int PRIORITY_DROP_TAGGED = 110;
    static final int PRIORITY_MATCH = 100;
    static final int PRIORITY_FROM_TUNNEL = 50;
    static final int PRIORITY_HELD_PORT = 20;
    static final int PRIORITY_FLOOD_FROM_TUNNEL = 10;
    static final int PRIORITY_FLOOD = 5;
    static final int PRIORITY_MISS = 0;

    private PipelineSpec() {
    }

    public static U64 cookie(Reason reason, long vni) {
        return U64.of(cookieBits(reason, vni));
    }

    /** A hold's cookie: {@link Reason#SOURCE_HELD}, transient. */
    static U64 heldCookie(long vni) {
        return U64.of(cookieBits(Reason.SOURCE_HELD, vni) | COOKIE_TRANSIENT);
    }

    /** The cookie bits that make a flow a hold, in any network: owner, reason, transient. */
    static U64 heldCookieMask() {
        return U64.of(COOKIE_OWNER_MASK | (0xFFL << REASON_SHIFT) | COOKIE_TRANSIENT);
    }

    static long cookieBits(Reason reason, long vni) {
        return COOKIE_OWNER | ((long) reason.code << REASON_SHIFT) | (vni & VNI_MASK);
    }

    public static boolean isOurs(U64 cookie) {
        return (cookie.getValue() & COOKIE_OWNER_MASK) == COOKIE_OWNER;
    }

    public static boolean hasReason(U64 cookie, Reason reason) {
        return isOurs(cookie) && ((cookie.getValue() >>> REASON_SHIFT) & 0xFF) == reason.code;
    }

    public static int vniOf(U64 cookie) {
        return (int) (cookie.getValue() & VNI_MASK);
    }

    /** A MAC within its network. */
    public record MacKey(int vni, long mac) {
    }

    /** Floods to the VNI's local ports only (frames that came from a tunnel: split horizon). */
    public static OFGroup localFloodGroup(Vni vni) {
        return OFGroup.of(vni.value());
    }

    /** Floods to local ports (through the local group) and to every other VTEP of the VNI (head-end replication). */
    public static OFGroup fullFloodGroup(Vni vni) {
        return OFGroup.of(vni.value() | (int) FROM_TUNNEL);
    }

    /**
     * A local port's broadcast ARP request: to the controller while the bridge has one connected, else into the full
     * flood group, so that hosts still find each other while the manager is down.
     */
    public static OFGroup arpRequestGroup(Vni vni) {
        return OFGroup.of(vni.value() | ARP_GROUP_BIT);
    }

    public static boolean isOurGroup(OFGroup group) {
        int id = group.getGroupNumber();
        return id > 0 && id <= (ARP_GROUP_BIT | (int) (FROM_TUNNEL | VNI_MASK));
    }
}
