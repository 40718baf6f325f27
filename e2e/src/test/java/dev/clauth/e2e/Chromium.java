package dev.clauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import dev.clauth.core.testing.Poll;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's Chromium, headless, driven by Playwright, for one test class:
 * {@code @RegisterExtension static final Chromium chromium = new Chromium();} launches it before the
 * class's tests and closes it after them.
 */
public final class Chromium implements BeforeAllCallback, AfterAllCallback {
    private static final Path EXECUTABLE = Path.of(System.getenv().getOrDefault("CLAUTH_CHROMIUM", "/usr/bin/chromium"));
    private Playwright playwright;
    private Browser browser;

    @Override
    public void beforeAll(ExtensionContext context) {
        assertThat(EXECUTABLE).as("Debian's chromium (bin/test installs it: apt-get install chromium)").exists();
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setTimeout(Poll.SAFETY_NET.toMillis()) // a safety net for a hung launch (default 30 s)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
            browser = null;
        }
        if (playwright != null) {
            playwright.close();
            playwright = null;
        }
    }

    /** The launched browser; only between its class's {@code @BeforeAll} and {@code @AfterAll}. */
    public Browser browser() {
        if (browser == null) {
            throw new IllegalStateException("chromium runs only while its test class does");
        }
        return browser;
    }

    /** A new context whose waits (for a selector, a navigation) give up only after {@link Poll#SAFETY_NET}, a safety net. */
    public BrowserContext newContext() {
        BrowserContext context = browser().newContext();
        context.setDefaultTimeout(Poll.SAFETY_NET.toMillis());
        context.setDefaultNavigationTimeout(Poll.SAFETY_NET.toMillis());
        return context;
    }
}
