package dev.clauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.clauth.core.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login as a person does it, in Debian's Chromium driven by Playwright: {@code clauth auth login}
 * hands the URL to the browser, the person signs in and approves, and the browser lands on the
 * CLI's loopback callback; then the same with the printed URL and a pasted code. Screenshots of
 * each page are kept in {@code e2e/target/screenshots}.
 */
class RealBrowserLoginE2eTest {
    @RegisterExtension
    static final Chromium chromium = new Chromium();
    @RegisterExtension
    static final RealServer server = new RealServer();

    private static Path screenshot(Page page, String name) throws Exception {
        Path dir = Path.of(System.getProperty("clauth.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    @Test
    void signInAndApproveInChromiumThenPasteACode(@TempDir Path dir) throws Exception {
        Sandbox user = server.newUser(dir);
        Path opened = dir.resolve("opened-url");
        Path browser = dir.resolve("browser-hand-off.sh");
        // written aside, then renamed: the file is there only once it is whole
        Files.writeString(browser, "#!/bin/sh\nprintf '%s\\n' \"$1\" > '" + opened + ".tmp' && mv '" + opened + ".tmp' '"
                + opened + "'\n");
        browser.toFile().setExecutable(true);
        user.env.put("BROWSER", browser.toString());

        LiveProcess login = user.start("auth", "login", "--email", ServerProcess.OWNER_EMAIL);
        Poll.until("clauth auth login to hand the URL to the browser", () -> Files.exists(opened));
        String url = Files.readString(opened).strip();

        try (var context = chromium.newContext(); Page page = context.newPage()) {
            List<String> trouble = new java.util.concurrent.CopyOnWriteArrayList<>();
            page.onConsoleMessage(m -> trouble.add("console: " + m.text()));
            page.onRequestFailed(r -> trouble.add("failed: " + r.url() + " " + r.failure()));
            page.onResponse(r -> trouble.add("response: " + r.status() + " " + r.url()));
            page.navigate(url);
            page.waitForSelector("input[name=password]");
            assertThat(page.inputValue("input[name=username]")).as("login_hint pre-fills the email")
                    .isEqualTo(ServerProcess.OWNER_EMAIL);
            screenshot(page, "01-sign-in");
            page.fill("input[name=password]", ServerProcess.OWNER_PASSWORD);
            page.click("form:has(input[type=password]) [type=submit]");

            page.waitForSelector("button:text-is(\"Approve\")");
            assertThat(page.content()).contains("user:inference");
            screenshot(page, "02-consent");
            page.click("button:text-is(\"Approve\")");
            try {
                page.waitForURL(Pattern.compile(".*/oauth/code/success.*"));
            } catch (RuntimeException e) {
                screenshot(page, "failed-after-approve");
                throw new AssertionError("no success page; the browser is at " + page.url() + "\n" + trouble, e);
            }
            screenshot(page, "03-success");

            Run run = login.finish();
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.out()).contains("Login successful.");
            assertThat(user.storedLogin().path("accessToken").asText()).startsWith("clauth_at_");

            // Now the way over SSH: the browser cannot reach the callback, the person pastes the code.
            Files.delete(opened);
            LiveProcess second = user.start("auth", "login");
            String manual = second.await(Pattern.compile("(?m)^(http\\S+/oauth/authorize\\S*oauth%2Fcode%2Fcallback\\S*)$"));
            page.navigate(manual);
            page.waitForSelector("button:text-is(\"Approve\")");
            page.click("button:text-is(\"Approve\")");
            page.waitForSelector("#code");
            screenshot(page, "04-code-to-paste");
            String code = page.textContent("#code").strip();
            assertThat(code).contains("#");
            second.type(code);
            Run pasted = second.finish();
            assertThat(pasted.exit()).as(pasted.toString()).isZero();
            assertThat(pasted.out()).contains("Login successful.");
        }
    }
}
