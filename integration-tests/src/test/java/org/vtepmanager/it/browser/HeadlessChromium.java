package org.vtepmanager.it.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver: Selenium is told both paths, so it never looks
 * for or downloads a browser. Each instance has a fresh profile directory; {@link #close()} quits the browser,
 * stops the driver, ends any Chromium process still using that profile (by PID) and deletes the profile.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** What works on a machine without internet: no background fetches, no QUIC, no sandbox as root. */
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1600,1000");

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    /** Cleans up if the test JVM is stopped (Ctrl-C, a timeout's SIGTERM) before {@link #close()} runs. */
    private final Thread onExit;

    private HeadlessChromium(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
        this.onExit = new Thread(() -> stopLeftovers(service, profile), "chromium-cleanup");
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    public static HeadlessChromium start() {
        BrowserAssumptions.requireChromium();
        Path profile = createProfile();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(BrowserAssumptions.CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        try {
            ChromeOptions options = new ChromeOptions().setBinary(BrowserAssumptions.CHROMIUM.toFile())
                    .addArguments(FLAGS).addArguments("--user-data-dir=" + profile);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            return new HeadlessChromium(profile, service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            stopLeftovers(service, profile);
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * Waits for a condition in the page, polling; the page is live, so no fixed sleeps. A wait that tries again when an element it looked at was replaced meanwhile: the dashboard re-renders its
     * tables on every topology change, so an element found a moment ago can be gone by the time it is read.
     */
    public WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /**
     * Where the page is, its title and every console message since the last read: the message of a wait that
     * timed out, so a page that never came up says why (a failed load, a script that threw).
     */
    public String describePage() {
        return "page " + driver.getCurrentUrl() + " titled '" + driver.getTitle() + "', console "
                + driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
    }

    /** Console messages at SEVERE (errors, failed loads, uncaught exceptions) since the last call. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            stopLeftovers(service, profile);
            Runtime.getRuntime().removeShutdownHook(onExit);
        }
    }

    private static void stopLeftovers(ChromeDriverService service, Path profile) {
        service.stop();
        // the whole argument, so another instance's profile that merely starts with this name is not matched
        String marker = "--user-data-dir=" + profile + " ";
        List<ProcessHandle> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> (line + " ").contains(marker)).orElse(false)).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        left.forEach(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join());
        deleteTree(profile);
    }

    private static Path createProfile() {
        try {
            return Files.createTempDirectory("vtep-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove Chromium profile " + dir, e);
        }
    }
}
