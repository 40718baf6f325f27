package dev.clauth.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.clauth.core.testing.Poll;
import dev.clauth.e2e.Chromium;
import dev.clauth.e2e.RealServer;
import dev.clauth.e2e.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The team console in Debian's Chromium, driven by Playwright, against a real {@code clauth server}:
 * the owner invites a developer and a Claude Code user, each accepts their link and sets a
 * password, each creates the keys their role allows and is refused the others, and the keys
 * work against {@code /v1/messages} until revoked. Screenshots of each console page are kept in
 * {@code e2e/target/screenshots/console}.
 */
class ConsoleE2eTest {
    private static final String PASSWORD = "a long enough password";

    static {
        dev.clauth.core.testing.SecretLedger.record(PASSWORD);
    }
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @RegisterExtension
    static final Chromium chromium = new Chromium();
    @RegisterExtension
    static final RealServer server = new RealServer();

    @Test
    void adminInvitesDeveloperAndClaudeCodeUserWhoCreateTheKeysTheirRolesAllow() throws Exception {
        try (BrowserContext adminContext = chromium.newContext(); Page admin = adminContext.newPage()) {
            admin.navigate(url("/console"));
            admin.waitForSelector("input[name=password]");
            screenshot(admin, "01-sign-in");
            signIn(admin, ServerProcess.OWNER_EMAIL, ServerProcess.OWNER_PASSWORD);
            admin.waitForSelector("#my-role");
            assertThat(admin.textContent("#my-role")).isEqualTo("Owner");
            screenshot(admin, "02-overview");

            String developerLink = invite(admin, "dev@example.test", "developer");
            screenshot(admin, "03-invitations");
            String claudeCodeLink = invite(admin, "cc@example.test", "claude_code");
            assertThat(developerLink).contains("/invite?token=");

            try (BrowserContext devContext = chromium.newContext(); Page dev = devContext.newPage();
                    BrowserContext ccContext = chromium.newContext(); Page cc = ccContext.newPage()) {
                accept(dev, developerLink, "dev@example.test", "04-accept-invitation", "05-joined");
                accept(cc, claudeCodeLink, "cc@example.test", null, null);

                // the invitation link works once only
                try (BrowserContext again = chromium.newContext(); Page replay = again.newPage()) {
                    replay.navigate(developerLink);
                    assertThat(replay.textContent("#message")).contains("not valid");
                    screenshot(replay, "06-invitation-used");
                }

                // the developer creates both kinds of key
                dev.navigate(url("/console/keys"));
                assertThat(dev.locator("#key-kind option").allTextContents()).containsExactly("Claude Code", "General");
                String general = createKey(dev, "ci", "general");
                screenshot(dev, "07-keys-created");
                String devClaudeCode = createKey(dev, "laptop", "claude_code");
                assertThat(message(general).statusCode()).isEqualTo(200);
                assertThat(message(devClaudeCode).statusCode()).isEqualTo(200);

                // the Claude Code user may create only Claude Code keys
                cc.navigate(url("/console/keys"));
                assertThat(cc.locator("#key-kind option").allTextContents()).containsExactly("Claude Code");
                String ccKey = createKey(cc, "terminal", "claude_code");
                assertThat(message(ccKey).statusCode()).isEqualTo(200);
                APIResponse refused = cc.request().post(url("/console/keys"), RequestOptions.create()
                        .setForm(FormData.create().set("name", "sneaky").set("kind", "general")
                                .set("_csrf", cc.getAttribute("form#create-key input[name=_csrf]", "value")))
                        .setMaxRedirects(0).setTimeout(Poll.SAFETY_NET.toMillis())); // a safety net (default 30 s)
                assertThat(refused.status()).as("a general key for the claude_code role").isEqualTo(403);
                assertThat(refused.text()).contains("only Claude Code API keys");
                cc.navigate(url("/console/keys"));
                screenshot(cc, "08-keys-claude-code-role");
                assertThat(cc.locator("#keys tr[data-key]").count()).isEqualTo(1);

                // neither may see the admin pages
                dev.navigate(url("/console/members"));
                assertThat(dev.textContent("#message")).contains("Only owners and admins");
                screenshot(dev, "09-refused");

                // revocation: the developer's own key in their console, the Claude Code key by the admin
                dev.navigate(url("/console/keys"));
                dev.click("#keys tr[data-key$='" + last4(general) + "'] button");
                dev.waitForSelector(".notice");
                screenshot(dev, "10-key-revoked");
                assertThat(message(general).statusCode()).isEqualTo(401);
                assertThat(message(devClaudeCode).statusCode()).isEqualTo(200);

                admin.navigate(url("/console/keys"));
                assertThat(admin.locator("#keys tr[data-key]").count()).as("admins see every key").isEqualTo(3);
                admin.click("#keys tr[data-key$='" + last4(ccKey) + "'] button");
                admin.waitForSelector(".notice");
                assertThat(message(ccKey).statusCode()).isEqualTo(401);

                // members page: the admin removes the developer, whose remaining key stops at once
                admin.navigate(url("/console/members"));
                assertThat(admin.locator("#members tr[data-email]").count()).isEqualTo(3);
                screenshot(admin, "11-members");
                admin.click("#members tr[data-email='dev@example.test'] button.danger");
                admin.waitForSelector(".notice");
                assertThat(message(devClaudeCode).statusCode()).isEqualTo(401);

                admin.navigate(url("/console/audit"));
                assertThat(admin.locator("#audit tr[data-action='member.removed']").count()).isEqualTo(1);
                assertThat(admin.locator("#audit tr[data-action='api_key.revoked']").count()).isEqualTo(2);
                assertThat(admin.locator("#audit tr[data-action='refused']").count()).isGreaterThanOrEqualTo(2);
                screenshot(admin, "12-audit-log");
                assertThat(admin.content()).doesNotContain(general).doesNotContain(ccKey);

                admin.navigate(url("/console/sessions"));
                screenshot(admin, "13-sessions");
                admin.navigate(url("/console/password"));
                screenshot(admin, "14-password");
                cc.navigate(url("/console"));
                screenshot(cc, "15-overview-claude-code-role");
            }
        }
        assertThat(server.output()).doesNotContain("clauth_sk_").doesNotContain("clauth_inv_");
    }

    private static String invite(Page admin, String email, String role) throws Exception {
        admin.navigate(url("/console/invitations"));
        admin.fill("#emails", email);
        admin.selectOption("#invite-role", role);
        admin.click("form#invite button[type=submit]");
        admin.waitForSelector("#invited");
        return admin.textContent("#invited tr[data-email='" + email + "'] code.invite-link").strip();
    }

    private static void accept(Page page, String link, String email, String acceptShot, String joinedShot)
            throws Exception {
        page.navigate(link);
        page.waitForSelector("#accept");
        assertThat(page.content()).contains(email);
        if (acceptShot != null) {
            screenshot(page, acceptShot);
        }
        page.fill("#password", PASSWORD);
        page.fill("#confirm", PASSWORD);
        page.click("form#accept button[type=submit]");
        page.waitForSelector("#joined");
        if (joinedShot != null) {
            screenshot(page, joinedShot);
        }
        page.click("#to-console");
        page.waitForSelector("input[name=password]");
        signIn(page, email, PASSWORD);
        page.waitForSelector("#my-role");
    }

    private static void signIn(Page page, String email, String password) {
        page.fill("input[name=username]", email);
        page.fill("input[name=password]", password);
        page.click("form:has(input[type=password]) [type=submit]");
    }

    private static String createKey(Page page, String name, String kind) {
        page.navigate(url("/console/keys"));
        page.fill("#key-name", name);
        page.selectOption("#key-kind", kind);
        page.click("form#create-key button[type=submit]");
        page.waitForSelector("#new-key");
        String key = page.textContent("#new-key").strip();
        assertThat(key).matches("clauth_sk_[A-Za-z0-9_-]{43}");
        return key;
    }

    private static String last4(String key) {
        return key.substring(key.length() - 4);
    }

    private static HttpResponse<String> message(String apiKey) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url("/v1/messages")))
                .header("x-api-key", apiKey)
                .header("anthropic-version", "2023-06-01")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":32,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String url(String path) {
        return server.url().resolve(path).toString();
    }

    private static void screenshot(Page page, String name) throws Exception {
        Path dir = Path.of(System.getProperty("clauth.screenshots", "target/screenshots")).resolve("console");
        Files.createDirectories(dir);
        page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(name + ".png")).setFullPage(true));
    }
}
