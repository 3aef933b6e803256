package org.vtepmanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vtepmanager.it.DashboardBrowserTest.submitNetwork;
import static org.vtepmanager.it.DashboardBrowserTest.text;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.vtepmanager.it.browser.BrowserAssumptions;
import org.vtepmanager.it.browser.HeadlessChromium;
import org.vtepmanager.lab.Lab;
import org.vtepmanager.lab.LabAssumptions;

/**
 * The dashboard of a manager whose disk is full, in headless Chromium: its header says that changes are refused
 * and why, a form's change is refused saying so, and once there is room the header clears and the change is made.
 */
class FullDiskBrowserTest {

    private static final Duration SHOWN = Duration.ofSeconds(20);

    @BeforeAll
    static void requireLabAndChromium() {
        LabAssumptions.requireLab();
        BrowserAssumptions.requireChromium();
    }

    @Test
    void theHeaderSaysChangesAreRefusedWhileTheDiskIsFullAndClearsOnceThereIsRoom() {
        try (Lab lab = Lab.create(); SmallDisk disk = SmallDisk.mount("512k");
                RunningManager manager = RunningManager.start(lab, disk.path().resolve("data"), List.of());
                HeadlessChromium chromium = HeadlessChromium.start()) {
            FullDiskLabTest.fill(manager);
            WebDriver page = chromium.driver();
            page.get(manager.url("/"));

            chromium.waiting(SHOWN).withMessage(chromium::describePage)
                    .until(d -> d.findElement(By.id("store-warning")).isDisplayed());
            assertThat(text(page, "#store-warning"))
                    .isEqualTo("changes refused: intent store cannot write: No space left on device");
            submitNetwork(page, "9000", "refused");
            chromium.waiting(SHOWN).until(d -> text(d, "#network-form .form-error").contains("No space left"));
            assertThat(text(page, "#network-form .form-error")).startsWith("store: intent store in ");

            disk.grow("8m");

            chromium.waiting(FullDiskLabTest.ROOM_FOUND.plus(SHOWN))
                    .until(d -> !d.findElement(By.id("store-warning")).isDisplayed());
            submitNetwork(page, "9000", "written");
            chromium.waiting(SHOWN).until(d -> !d.findElements(By.cssSelector("#networks tr[data-vni='9000']"))
                    .isEmpty());
        }
    }
}
