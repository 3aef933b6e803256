package org.vtepmanager.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PingResultTest {

    @Test
    void readsIputilsPingSummary() {
        PingResult result = PingResult.parse("""
                PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.
                --- 10.0.0.2 ping statistics ---
                5 packets transmitted, 4 received, 20% packet loss, time 803ms
                """);
        assertThat(result.transmitted()).isEqualTo(5);
        assertThat(result.received()).isEqualTo(4);
        assertThat(result.allAnswered()).isFalse();
        assertThat(result.noneAnswered()).isFalse();
    }

    @Test
    void readsArpingSummary() {
        PingResult result = PingResult.parse("""
                ARPING 10.0.0.2
                --- 10.0.0.2 statistics ---
                3 packets transmitted, 3 packets received,   0% unanswered (0 extra)
                """);
        assertThat(result.allAnswered()).isTrue();
    }

    @Test
    void nothingSentIsNeverAllAnswered() {
        assertThat(PingResult.parse("0 packets transmitted, 0 received").allAnswered()).isFalse();
    }

    @Test
    void outputWithoutSummaryIsAnErrorQuotingIt() {
        assertThatThrownBy(() -> PingResult.parse("connect: Network is unreachable"))
                .isInstanceOf(LabException.class).hasMessageContaining("Network is unreachable");
    }
}
