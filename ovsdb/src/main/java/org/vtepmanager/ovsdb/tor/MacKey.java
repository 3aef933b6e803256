package org.vtepmanager.ovsdb.tor;

/**
 * One remote MAC of one ToR network: at most one Ucast_Macs_Remote row, in the Logical_Switch called
 * {@code logicalSwitch}, for {@code mac} (lower case, colon-separated). A pass that plans only the MACs that changed
 * is given these.
 */
public record MacKey(String logicalSwitch, String mac) {
}
