package org.vtepmanager.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiTokensTest {

    private static final String ALICE = "a".repeat(31) + "1";
    private static final String CI_BOT = "c".repeat(31) + "2";

    @Test
    void namedTokensAreHeldByTheirNamesAndCommentsAndBlankLinesAreSkipped() {
        ApiTokens tokens = ApiTokens.parse(List.of("# operators", "alice " + ALICE, "", "  ci-bot\t" + CI_BOT));

        assertThat(tokens.holder(ALICE)).contains("alice");
        assertThat(tokens.holder(CI_BOT)).contains("ci-bot");
        assertThat(tokens.holder(ALICE.replace('1', '2'))).isEmpty();
    }

    @Test
    void aBareTokenIsNamedAfterItsLineSoAFileOfOneTokenStillServes() {
        ApiTokens tokens = ApiTokens.parse(List.of("", ALICE));

        assertThat(tokens.holder(ALICE)).contains("token-2");
    }

    @Test
    void aTokenThatIsAPrefixOfAnotherIsNotTakenForIt() {
        ApiTokens tokens = ApiTokens.parse(List.of("alice " + ALICE));

        assertThat(tokens.holder(ALICE + "x")).isEmpty();
        assertThat(tokens.holder(ALICE.substring(1))).isEmpty();
    }

    @Test
    void badLinesAreRefusedNamingTheLineAndWhy() {
        assertThatThrownBy(() -> ApiTokens.parse(List.of("alice " + ALICE, "bob secret")))
                .hasMessageStartingWith("line 2: expected NAME TOKEN or TOKEN")
                .hasMessageContaining("at least 32 printable ASCII characters");
        assertThatThrownBy(() -> ApiTokens.parse(List.of("alice bob " + ALICE)))
                .hasMessageStartingWith("line 1: expected NAME TOKEN");
        assertThatThrownBy(() -> ApiTokens.parse(List.of("al/ice " + ALICE)))
                .hasMessageStartingWith("line 1: expected NAME TOKEN");
        assertThatThrownBy(() -> ApiTokens.parse(List.of("alice " + ALICE, "alice " + CI_BOT)))
                .hasMessage("line 2: the name alice is given twice");
        assertThatThrownBy(() -> ApiTokens.parse(List.of("alice " + ALICE, "bob " + ALICE)))
                .hasMessage("line 2: this token is given twice: each name needs its own");
        assertThatThrownBy(() -> ApiTokens.parse(List.of("# nobody yet", "")))
                .hasMessage("no line holds a token (NAME TOKEN, or a bare TOKEN)");
    }
}
