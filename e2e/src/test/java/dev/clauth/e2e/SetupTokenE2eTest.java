package dev.clauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clauth setup-token} against the real server: the token is printed as the reference prints it,
 * nothing is saved, it works for {@code -p} through {@code CLAUDE_CODE_OAUTH_TOKEN}, it is refused (403)
 * where more than inference is needed, and it lasts about a year — through the browser, and with
 * {@code --device}, where a stand-in on "another device" types the code on the verification page and approves.
 */
class SetupTokenE2eTest {
    @RegisterExtension
    static final RealServer server = new RealServer();

    @TempDir
    Path dir;
    Sandbox user;

    @BeforeEach
    void newUser() {
        user = server.newUser(dir);
    }

    @Test
    void theTokenIsPrintedOnceSavedNowhereUsableForInferenceOnlyAndLastsAYear() throws Exception {
        Run run = user.clauthShowingASecret("setup-token");
        assertThat(run.exit()).as(redacted(run) + "\nbrowser:\n" + user.browserLog()).isZero();
        String token = printedToken(run);
        assertThat(run.out()).as("the sign-in URL asks for user:inference only")
                .containsPattern("scope=user%3Ainference(&|$)").doesNotContain("user%3Aprofile");
        assertSavedNowhereUsableForInferenceOnlyAndLastsAYear(token);
    }

    @Test
    void withDeviceTheCodeIsApprovedOnAnotherDeviceAndTheSameTokenIsPrinted() throws Exception {
        user.env.remove("BROWSER");
        LiveProcess setup = user.start("setup-token", "--device");
        URI page = URI.create(setup.await(Pattern.compile("on any device:\n(\\S+)\n")));
        String code = setup.await(Pattern.compile("enter the code: (\\S+)\n"));
        assertThat(page).isEqualTo(server.url().resolve("/oauth/device"));
        assertThat(code).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");

        BrowserStandIn.Outcome shown = new BrowserStandIn(ServerProcess.OWNER_EMAIL, ServerProcess.OWNER_PASSWORD, true)
                .typingUserCode(code).walk(page, server.url(), cb -> cb);
        assertThat(shown.last().uri().toString()).endsWith("/oauth/device?done=approved");

        Run run = setup.finishShowingASecret();
        assertThat(run.exit()).as(redacted(run)).isZero();
        String token = printedToken(run);
        assertSavedNowhereUsableForInferenceOnlyAndLastsAYear(token);
    }

    /**
     * The reference's lines around the token, and the token itself (printed exactly once). The token is recorded as
     * a secret, and the run is kept (for the leak checks) with the token replaced by its last 4 characters: it is the
     * command's documented output, which must appear nowhere else.
     */
    private static String printedToken(Run run) {
        String shown = redacted(run);
        List<String> lines = run.out().lines().toList();
        int header = lines.indexOf("Your OAuth token (valid for 1 year):");
        // failures show the redacted run only: assertion messages end up in the test reports
        assertThat(shown.lines().toList()).contains("✓ Long-lived authentication token created successfully!",
                "Store this token securely. You won't be able to see it again.",
                "Use this token by setting: export CLAUDE_CODE_OAUTH_TOKEN=<token>");
        assertThat(header).isPositive();
        String token = lines.get(header + 2);
        assertThat(token).startsWith("clauth_at_");
        assertThat(shown).doesNotContain("Login successful.");
        assertThat(run.out().split(Pattern.quote(token), -1).length - 1).as("the token printed once:\n" + shown).isEqualTo(1);
        Sandbox.secret(token);
        Sandbox.keep("setup-token (the printed token replaced by its last 4)", new Run(run.exit(), redact(run.out(), token),
                redact(run.err(), token)));
        return token;
    }

    /** The run with every line that may be the token (the one after the header) cut to its last 4 characters. */
    private static String redacted(Run run) {
        String out = run.out().lines().map(l -> l.startsWith("clauth_at_") ? "…" + l.substring(l.length() - 4) : l)
                .collect(java.util.stream.Collectors.joining("\n"));
        return "exit " + run.exit() + "\n--- stdout\n" + out + "\n--- stderr\n" + run.err();
    }

    private static String redact(String text, String token) {
        return text.replace(token, "…" + token.substring(token.length() - 4));
    }

    private void assertSavedNowhereUsableForInferenceOnlyAndLastsAYear(String token) throws Exception {
        assertThat(Files.exists(user.credentialsFile())).as("no credentials file").isFalse();
        Path global = user.globalConfigFile();
        if (Files.exists(global)) {
            assertThat(Sandbox.readJson(global).has("oauthAccount")).isFalse();
            assertThat(Sandbox.readJson(global).has("primaryApiKey")).isFalse();
        }

        Map<String, String> env = Map.copyOf(user.env);
        user.env.put("CLAUDE_CODE_OAUTH_TOKEN", token);
        Run prompt = user.clauth("-p", "hello with a long-lived token");
        assertThat(prompt.exit()).as(prompt.toString()).isZero();
        assertThat(prompt.out()).isEqualTo("You said: hello with a long-lived token\n");
        Run status = user.clauth("auth", "status", "--json");
        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("\"authMethod\" : \"oauth_token\"");
        assertThat(prompt.all() + status.all()).doesNotContain(token);
        user.env.clear();
        user.env.putAll(env);

        HttpResponse<String> profile = Http.send(HttpRequest.newBuilder(server.url().resolve("/api/oauth/profile"))
                .header("Authorization", "Bearer " + token).header("anthropic-beta", "oauth-2025-04-20").GET());
        assertThat(profile.statusCode()).isEqualTo(403);
        assertThat(profile.body()).contains("permission_error").doesNotContain(token);
        HttpResponse<String> sessions = Http.postJson(server.url().resolve("/v1/sessions"), "{\"title\":\"remote\"}",
                Map.of("Authorization", "Bearer " + token, "anthropic-beta", "oauth-2025-04-20",
                        "anthropic-version", "2023-06-01"));
        assertThat(sessions.statusCode()).isEqualTo(403);
        assertThat(sessions.body()).contains("permission_error").doesNotContain(token);

        Instant ends = loginEnds("user:inference");
        assertThat(ends).isAfter(Instant.now().plus(360, ChronoUnit.DAYS))
                .isBefore(Instant.now().plus(370, ChronoUnit.DAYS));
    }

    /** When the login with exactly these scopes ends, as the console's sessions page shows it. */
    private static Instant loginEnds(String scopes) throws Exception {
        BrowserStandIn browser = new BrowserStandIn(ServerProcess.OWNER_EMAIL, ServerProcess.OWNER_PASSWORD, true);
        var page = Jsoup.parse(browser.walk(server.url().resolve("/console/sessions"), server.url(), u -> u).last().body());
        for (Element row : page.select("#sessions tbody tr")) {
            var cells = row.select("td");
            if (cells.size() >= 4 && cells.get(3).text().trim().equals(scopes)) {
                return LocalDateTime.parse(cells.get(2).text().replace(" UTC", ""),
                        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")).toInstant(ZoneOffset.UTC);
            }
        }
        throw new AssertionError("no login with scopes " + scopes + " on the sessions page:\n" + page.text());
    }

}
