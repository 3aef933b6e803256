package org.vtepmanager.ofcontroller.southbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.vtepmanager.core.MacAddress;

class FramesTest {

    /** An ARP request as Linux sends it: who-has 10.0.0.2 tell 10.0.0.1 (02:00:00:00:00:01). */
    private static final byte[] REQUEST = HexFormat.of().parseHex("ffffffffffff020000000001" + "0806"
            + "0001080006040001" + "020000000001" + "0a000001" + "000000000000" + "0a000002");

    @Test
    void readsTheSourceOfAnyFrameAndTheFieldsOfAnArpRequest() throws Exception {
        assertThat(Frames.source(REQUEST)).contains(MacAddress.parse("02:00:00:00:00:01"));
        Frames.Arp request = Frames.arp(REQUEST).orElseThrow();

        assertThat(request.request()).isTrue();
        assertThat(request.senderMac()).isEqualTo(MacAddress.parse("02:00:00:00:00:01"));
        assertThat(request.senderIp()).isEqualTo(InetAddress.getByName("10.0.0.1"));
        assertThat(request.targetIp()).isEqualTo(InetAddress.getByName("10.0.0.2"));
    }

    @Test
    void theReplyIsAddressedToTheAskerAndSaysWhoOwnsTheTarget() {
        byte[] reply = Frames.arpReply(Frames.arp(REQUEST).orElseThrow(), MacAddress.parse("02:00:00:00:00:02"));

        assertThat(HexFormat.of().formatHex(reply)).isEqualTo("020000000001020000000002" + "0806"
                + "0001080006040002" + "020000000002" + "0a000002" + "020000000001" + "0a000001");
    }

    @Test
    void aReplyIsReadAsTheClaimOfItsSender() throws Exception {
        Frames.Arp reply = Frames.arp(Frames.arpReply(Frames.arp(REQUEST).orElseThrow(),
                MacAddress.parse("02:00:00:00:00:02"))).orElseThrow();

        assertThat(reply.request()).isFalse();
        assertThat(reply.senderMac()).isEqualTo(MacAddress.parse("02:00:00:00:00:02"));
        assertThat(reply.senderIp()).isEqualTo(InetAddress.getByName("10.0.0.2"));
    }

    @Test
    void shortFramesOtherEthertypesAndOtherOpcodesAreNotArp() {
        byte[] ipv4 = REQUEST.clone();
        ipv4[13] = 0x00;
        byte[] rarp = REQUEST.clone();
        rarp[21] = 0x03;

        assertThat(Frames.arp(ipv4)).isEmpty();
        assertThat(Frames.arp(rarp)).as("a RARP request's opcode in an ARP frame").isEmpty();
        assertThat(Frames.arp(new byte[20])).isEmpty();
        assertThat(Frames.source(new byte[5])).isEmpty();
    }
}
