package org.vtepmanager.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabNamesTest {

    @Test
    void prefixesAreShortRecognisableAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String prefix = LabNames.newPrefix();
            assertThat(LabNames.isPrefix(prefix)).isTrue();
            seen.add(prefix);
        }
        assertThat(seen).hasSizeGreaterThan(190);
    }

    @Test
    void longestDerivedInterfaceNameFitsTheKernelLimit() {
        String longestElement = "abcdefgh";
        assertThat(LabNames.link(LabNames.newPrefix() + "-" + LabNames.element(longestElement))).hasSize(15);
    }

    @Test
    void rejectsElementNamesThatWouldOverflowOrBreakCommands() {
        assertThatThrownBy(() -> LabNames.element("abcdefghi")).hasMessageContaining("1-8 lower-case");
        assertThatThrownBy(() -> LabNames.element("Hv1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabNames.element("hv-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabNames.link("sixteen-chars-xx")).hasMessageContaining("longer than 15");
    }

    @Test
    void foreignNamesAreNotMistakenForLabPrefixes() {
        assertThat(LabNames.isPrefix("eth0")).isFalse();
        assertThat(LabNames.isPrefix("vtab12-hv1")).isFalse();
        assertThat(LabNames.isPrefix("vtab12")).isTrue();
    }
}
