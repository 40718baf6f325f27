package dev.clauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clauth.core.testing.GatewayStandIn;
import dev.clauth.core.testing.TestCertificates;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-compatibility with the real Claude Code ({@code claude} 2.1.332) through one {@code .credentials.json}:
 * a gateway sign-in made by {@code clauth auth login --gateway} is used by the real {@code claude -p}; what the
 * real claude writes back when it refreshes the sign-in is used by {@code clauth}, and the other way round;
 * a sign-in the real claude made itself (its own device flow, its own TLS pin) is used by {@code clauth};
 * {@code clauth auth logout} ends it for both; a clauth profile is a config dir the real claude uses. The
 * gateway is a loopback stand-in that behaves as GATEWAY.md describes (plain http, as allowed on loopback).
 */
class RealClaudeGatewayE2eTest {

    @TempDir
    Path dir;
    private GatewayStandIn gateway;
    private Sandbox user;

    @BeforeEach
    void setUp() throws Exception {
        gateway = new GatewayStandIn();
        gateway.approveOnPoll = 1;
        user = new Sandbox(dir, URI.create(gateway.base()));
        user.env.remove("CLAUDE_CODE_CUSTOM_OAUTH_URL");
        user.env.remove("ANTHROPIC_BASE_URL");
        user.env.put("BROWSER", "/bin/true");
        RealClaude.binary();
    }

    @AfterEach
    void tearDown() {
        gateway.close();
    }

    private void clauthLogin(String... extra) {
        String[] args = new String[extra.length + 4];
        System.arraycopy(extra, 0, args, 0, extra.length);
        System.arraycopy(new String[] {"auth", "login", "--gateway", gateway.base()}, 0, args, extra.length, 4);
        Run login = user.clauthWithInput("y\ny\n", args); // trust the gateway, then the account
        assertThat(login.exit()).as(login.toString()).isZero();
        assertThat(login.out()).contains("Signed in to the gateway " + gateway.base() + " as ada@example.test.");
    }

    private JsonNode credentials() {
        return Sandbox.readJson(user.credentialsFile());
    }

    /** Moves the sign-in's expiry to one minute from now, inside both clients' refresh margin. */
    private void aboutToExpire() throws Exception {
        ObjectNode stored = (ObjectNode) credentials();
        ((ObjectNode) stored.get("enterpriseGateway")).put("expiresAt", System.currentTimeMillis() + 60_000);
        Files.writeString(user.credentialsFile(), Sandbox.JSON.writeValueAsString(stored));
    }

    private String bearerOfLastMessage() {
        return gateway.http.requestsTo(GatewayStandIn.MESSAGES).getLast().header("authorization");
    }

    @Test
    void aClauthGatewaySignInIsUsedByTheRealClaude() {
        clauthLogin();

        Run claude = RealClaude.run(user, RealClaude.env(user), "-p", "hello");
        assertThat(claude.exit()).as(claude.toString()).isZero();
        assertThat(claude.out()).contains("You said: hello");
        assertThat(bearerOfLastMessage()).isEqualTo("Bearer gw_at_test_1");
        assertThat(gateway.http.requestsTo(GatewayStandIn.MESSAGES).getLast().query()).isEqualTo("beta=true");

        Run status = RealClaude.run(user, RealClaude.env(user), "auth", "status", "--json");
        JsonNode json = Sandbox.readJsonText(status.out());
        assertThat(json.path("loggedIn").asBoolean()).isTrue();
        assertThat(json.path("authMethod").asText()).isEqualTo("third_party");
        assertThat(json.path("apiProvider").asText()).isEqualTo("gateway");
        assertThat(json.path("email").asText()).isEqualTo("ada@example.test");
    }

    @Test
    void whatTheRealClaudeWritesWhenItRefreshesIsUsedByClauth() throws Exception {
        clauthLogin();
        aboutToExpire();

        Run claude = RealClaude.run(user, RealClaude.env(user), "-p", "hello");
        assertThat(claude.exit()).as(claude.toString()).isZero();
        assertThat(gateway.refreshGrants).as("the real claude refreshed").hasValue(1);
        assertThat(credentials().path("enterpriseGateway").path("idpRefreshToken").asText()).isEqualTo("gw_rt_test_2");

        Run clauth = user.clauth("-p", "hello after claude refreshed");
        assertThat(clauth.exit()).as(clauth.toString()).isZero();
        assertThat(clauth.out()).isEqualTo("You said: hello\n");
        assertThat(bearerOfLastMessage()).isEqualTo("Bearer gw_at_test_2");
        assertThat(gateway.refreshGrants).as("clauth used the rotated tokens as they were").hasValue(1);
    }

    @Test
    void whatClauthWritesWhenItRefreshesIsUsedByTheRealClaude() throws Exception {
        clauthLogin();
        aboutToExpire();

        Run clauth = user.clauth("-p", "hello");
        assertThat(clauth.exit()).as(clauth.toString()).isZero();
        assertThat(gateway.refreshGrants).hasValue(1);

        Run claude = RealClaude.run(user, RealClaude.env(user), "-p", "hello");
        assertThat(claude.exit()).as(claude.toString()).isZero();
        assertThat(bearerOfLastMessage()).isEqualTo("Bearer gw_at_test_2");
        assertThat(gateway.refreshGrants).as("the real claude used clauth's rotated tokens").hasValue(1);
    }

    @Test
    void clauthLogoutEndsTheSignInForTheRealClaudeToo() {
        clauthLogin();
        Run logout = user.clauth("auth", "logout");
        assertThat(logout.exit()).as(logout.toString()).isZero();
        assertThat(gateway.revoked).containsExactly("gw_at_test_1", "gw_rt_test_1");

        Run status = RealClaude.run(user, RealClaude.env(user), "auth", "status", "--json");
        assertThat(Sandbox.readJsonText(status.out()).path("loggedIn").asBoolean()).isFalse();
        assertThat(credentials().path("gatewayTrust").path("127.0.0.1").asText()).isEqualTo("http-loopback");
    }

    /**
     * The real claude's own gateway sign-in, driven as its editor integrations drive it: {@code claude auth login
     * --gateway-json} with the gateway named in the user's settings, its questions read as JSON lines and
     * answered on stdin (the stand-in gateway approves the device code by itself).
     */
    private void realClaudeSignsIn(Map<String, String> env, String... states) throws Exception {
        Files.createDirectories(user.configDir());
        Files.writeString(user.configDir().resolve("settings.json"), Sandbox.JSON.writeValueAsString(
                Map.of("forceLoginMethod", "gateway", "forceLoginGatewayUrl", gateway.base())));
        LiveProcess claude = new LiveProcess(java.util.List.of(RealClaude.binary().toString(), "auth", "login",
                "--gateway-json"), env, user.dir);
        for (String state : states) {
            String line = claude.await(java.util.regex.Pattern.compile("(\\{[^\n]*\"state\":\"" + state + "\"[^\n]*})"),
                    java.time.Duration.ofSeconds(90));
            JsonNode question = Sandbox.readJsonText(line);
            claude.type(Sandbox.JSON.writeValueAsString(Map.of("state", state, "shown", question.path("shown").asText(),
                    "accept", true)));
        }
        Run done = claude.finish(java.time.Duration.ofSeconds(90));
        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(done.out()).contains("\"state\":\"done\"");
    }

    @Test
    void aSignInTheRealClaudeMadeIsUsedByClauth() throws Exception {
        realClaudeSignsIn(RealClaude.env(user), "url_input", "trust_prompt", "confirm_account");
        JsonNode stored = credentials().path("enterpriseGateway");
        assertThat(stored.path("jwt").asText()).isEqualTo("gw_at_test_1");
        assertThat(credentials().path("gatewayTrust").path("127.0.0.1").asText()).isEqualTo("http-loopback");
        assertThat(gateway.http.requestsTo("/oauth/device_authorization").getFirst().form())
                .isEqualTo(Map.of("surface", "claude_code"));

        Run status = user.clauth("auth", "status", "--json");
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(Sandbox.readJsonText(status.out()).path("apiProvider").asText()).isEqualTo("gateway");
        Run clauth = user.clauth("-p", "hello on claude's sign-in");
        assertThat(clauth.exit()).as(clauth.toString()).isZero();
        assertThat(clauth.out()).isEqualTo("You said: hello\n");
        assertThat(bearerOfLastMessage()).isEqualTo("Bearer gw_at_test_1");
    }

    @Test
    void overHttpsTheRealClaudesPinIsClauthsPin() throws Exception {
        TestCertificates ca = TestCertificates.newAuthority();
        TestCertificates.Leaf leaf = ca.newLeaf();
        gateway.close();
        gateway = new GatewayStandIn(leaf);
        gateway.approveOnPoll = 1;
        user.env.put("NODE_EXTRA_CA_CERTS", ca.caPem().toString());

        realClaudeSignsIn(RealClaude.env(user), "url_input", "trust_prompt", "confirm_account");
        String fingerprint = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(leaf.certificate().getEncoded()));
        assertThat(credentials().path("gatewayTrust").path("127.0.0.1").asText()).isEqualTo(fingerprint);

        Run clauth = user.clauth("-p", "hello over https");
        assertThat(clauth.exit()).as(clauth.toString()).isZero();
        assertThat(bearerOfLastMessage()).isEqualTo("Bearer gw_at_test_1");

        // and a clauth sign-in over https is pinned so that the real claude accepts it without asking
        Run logout = user.clauth("auth", "logout");
        assertThat(logout.exit()).as(logout.toString()).isZero();
        Run login = user.clauthWithInput("y\n", "auth", "login", "--gateway", gateway.base());
        assertThat(login.exit()).as(login.toString()).isZero();
        assertThat(login.out()).as("already trusted").doesNotContain("haven't connected to this gateway before");
        Run claude = RealClaude.run(user, RealClaude.env(user), "-p", "hello");
        assertThat(claude.exit()).as(claude.toString()).isZero();
        assertThat(claude.out()).contains("You said: hello");
        assertThat(bearerOfLastMessage()).isEqualTo("Bearer gw_at_test_2");
    }

    @Test
    void aClauthProfileIsAConfigDirTheRealClaudeUses() {
        clauthLogin("--profile", "work");
        Path work = user.home.resolve(".clauth/profiles/work");
        Map<String, String> env = RealClaude.env(user);
        env.put("CLAUDE_CONFIG_DIR", work.toString());

        Run claude = RealClaude.run(user, env, "-p", "hello");
        assertThat(claude.exit()).as(claude.toString()).isZero();
        assertThat(claude.out()).contains("You said: hello");
        Run plain = RealClaude.run(user, RealClaude.env(user), "auth", "status", "--json");
        assertThat(Sandbox.readJsonText(plain.out()).path("loggedIn").asBoolean()).as("the default dir has no login").isFalse();
    }
}
