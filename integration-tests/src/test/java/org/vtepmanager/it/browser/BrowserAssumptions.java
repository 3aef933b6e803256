package org.vtepmanager.it.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Browser tests need Debian's {@code chromium} and {@code chromium-driver} (bin/lib/packages.sh installs them). They
 * skip with the reason where those are missing, but fail where the build requires a complete machine
 * ({@code -Dlab.requireOvs=true}, set from {@code CI=true}).
 */
public final class BrowserAssumptions {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private BrowserAssumptions() {
    }

    public static void requireChromium() {
        missing().ifPresent(reason -> {
            if (Boolean.getBoolean("lab.requireOvs")) {
                fail("headless Chromium required (CI) but missing: " + reason);
            }
            Assumptions.abort("no headless Chromium here: " + reason + " (apt-get install chromium chromium-driver)");
        });
    }

    private static Optional<String> missing() {
        for (Path tool : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(tool)) {
                return Optional.of(tool + " is not installed");
            }
        }
        return Optional.empty();
    }
}
