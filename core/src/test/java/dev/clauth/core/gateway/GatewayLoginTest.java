package dev.clauth.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clauth.core.Clauth;
import dev.clauth.core.ClauthException;
import dev.clauth.core.api.ClauthAnthropicClient;
import dev.clauth.core.login.LoginOptions;
import dev.clauth.core.status.AuthStatus;
import dev.clauth.core.testing.FakeWorld;
import dev.clauth.core.testing.GatewayStandIn;
import dev.clauth.core.testing.StandInServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clauth auth login --gateway URL} against a stand-in gateway on plain http (loopback): what is sent,
 * what is stored (exactly the reference's {@code enterpriseGateway} and {@code gatewayTrust}), what status
 * says, where the library's requests go, refresh, {@code invalid_grant}, logout, and the precedence.
 */
class GatewayLoginTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    private GatewayStandIn gateway;
    private FakeWorld world;

    @BeforeEach
    void setUp() throws IOException {
        gateway = new GatewayStandIn();
        world = new FakeWorld(home).set("CLAUDE_CONFIG_DIR", home.resolve("config").toString()).set("BROWSER", "browser");
        answer("y", "y"); // trust the gateway (plain http on loopback), then the account
    }

    @AfterEach
    void tearDown() {
        gateway.close();
    }

    private void answer(String... lines) {
        world.setStdin(new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    private void login() {
        new Clauth(world).login(LoginOptions.defaults().withGateway(gateway.base()));
    }

    private JsonNode credentials() throws IOException {
        return JSON.readTree(Files.readString(home.resolve("config/.credentials.json")));
    }

    @Test
    void signsInWithTheDeviceFlowAndStoresExactlyWhatTheReferenceStores() throws IOException {
        login();

        StandInServer.Request device = gateway.http.requestsTo("/oauth/device_authorization").get(0);
        assertThat(device.form()).as("no client_id, no scope").isEqualTo(Map.of("surface", "claude_code"));
        gateway.http.requestsTo("/oauth/token").forEach(poll -> assertThat(poll.form()).doesNotContainKey("client_id")
                .containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:device_code"));
        assertThat(world.started).as("the browser opened on the page that holds the code")
                .contains(List.of("browser", gateway.base() + "/device?user_code=BCDF-GHJK"));
        assertThat(world.printed()).contains(GatewayLoginFlow.CONFIRM_CODE, "BCDF-GHJK", "Signed in as ada@example.test.",
                GatewayLoginFlow.CONFIRM_ACCOUNT, "Login successful.");

        JsonNode stored = credentials();
        JsonNode entry = stored.get("enterpriseGateway");
        assertThat(entry.get("url").asText()).isEqualTo(gateway.base());
        assertThat(entry.get("jwt").asText()).isEqualTo("gw_at_test_1");
        assertThat(entry.get("idpRefreshToken").asText()).isEqualTo("gw_rt_test_1");
        assertThat(entry.get("expiresAt").asLong()).isEqualTo(world.now().toEpochMilli() + 3_600_000);
        assertThat(entry.get("tokenEndpoint").asText()).isEqualTo(gateway.base() + "/oauth/token");
        assertThat(entry.get("revocationEndpoint").asText()).isEqualTo(gateway.base() + "/oauth/revoke");
        assertThat(entry.get("email").asText()).isEqualTo("ada@example.test");
        assertThat(entry.get("vouchedAtLogin").asBoolean(true)).isFalse();
        assertThat(stored.get("gatewayTrust")).isEqualTo(JSON.readTree("{\"127.0.0.1\":\"http-loopback\"}"));
        assertThat(stored.has("claudeAiOauth")).isFalse();
    }

    @Test
    void statusSaysGatewayAndTheLibrarySendsEveryRequestToTheGatewayWithItsBearer() {
        login();
        world.set("ANTHROPIC_API_KEY", "sk-ignored-by-the-gateway-0000").set("ANTHROPIC_BASE_URL", "http://127.0.0.1:9");

        AuthStatus status = new Clauth(world).status();
        assertThat(status.authMethod()).isEqualTo("third_party");
        assertThat(status.apiProvider()).isEqualTo("gateway");
        assertThat(status.email()).contains("ada@example.test");
        assertThat(status.toText()).contains("API provider: Cloud gateway", "Gateway: " + gateway.base());
        assertThat(status.notUsed()).extracting(n -> n.source()).contains("ANTHROPIC_API_KEY");

        AnthropicClient client = new Clauth(world).anthropicClient();
        try {
            assertThat(ClauthAnthropicClient.text(client.messages().create(message()))).isEqualTo("You said: hello");
        } finally {
            client.close();
        }
        StandInServer.Request sent = gateway.http.requestsTo(GatewayStandIn.MESSAGES).get(0);
        assertThat(sent.header("authorization")).isEqualTo("Bearer gw_at_test_1");
        assertThat(sent.header("x-api-key")).isNull();
    }

    @Test
    void aSignInAboutToExpireIsRefreshedOnceWithNoClientAuthenticationAndStoredAgain() throws IOException {
        login();
        world.setNow(world.now().plus(Duration.ofMinutes(56)));
        AnthropicClient client = new Clauth(world).anthropicClient();
        try {
            client.messages().create(message());
            client.messages().create(message());
        } finally {
            client.close();
        }
        assertThat(gateway.refreshGrants).hasValue(1);
        assertThat(gateway.http.requestsTo("/oauth/token").getLast().form())
                .isEqualTo(Map.of("grant_type", "refresh_token", "refresh_token", "gw_rt_test_1"));
        assertThat(gateway.http.requestsTo(GatewayStandIn.MESSAGES)).allSatisfy(
                r -> assertThat(r.header("authorization")).isEqualTo("Bearer gw_at_test_2"));
        assertThat(credentials().get("enterpriseGateway").get("idpRefreshToken").asText()).isEqualTo("gw_rt_test_2");
        assertThat(credentials().get("enterpriseGateway").get("email").asText()).isEqualTo("ada@example.test");
    }

    @Test
    void aGatewayThatEndsTheSignInGivesOneLineAndTheStoreIsLeftAsItWas() throws IOException {
        login();
        gateway.validRefreshTokens.clear();
        gateway.validAccessTokens.clear();
        String before = Files.readString(home.resolve("config/.credentials.json"));
        AnthropicClient client = new Clauth(world).anthropicClient();
        try {
            assertThatThrownBy(() -> client.messages().create(message())).isInstanceOf(ClauthException.class)
                    .hasMessage("The gateway " + gateway.base() + " ended your sign-in (invalid_grant); run clauth auth login"
                            + " --gateway " + gateway.base() + " to sign in again");
        } finally {
            client.close();
        }
        assertThat(Files.readString(home.resolve("config/.credentials.json"))).isEqualTo(before);
    }

    @Test
    void anAccountTheUserDoesNotConfirmIsNotStoredAndItsTokensAreRevoked() throws IOException {
        answer("y", "n");
        assertThatThrownBy(this::login).isInstanceOf(ClauthException.class)
                .hasMessageStartingWith("Sign-in as ada@example.test not confirmed, so nothing was saved");
        assertThat(credentials().has("enterpriseGateway")).as("nothing but the trusted host was saved").isFalse();
        assertThat(gateway.revoked).containsExactly("gw_at_test_1", "gw_rt_test_1");
        assertThat(gateway.http.requestsTo("/oauth/revoke").get(1).form()).containsEntry("token_type_hint", "refresh_token");
    }

    @Test
    void withEmailTheAccountIsConfirmedWithoutAskingAndAnotherAccountIsRefused() {
        answer("y"); // the gateway is trusted; the account is not asked about
        new Clauth(world).login(LoginOptions.defaults().withGateway(gateway.base()).withEmail("Ada@Example.test"));
        assertThat(new Clauth(world).status().apiProvider()).isEqualTo("gateway");

        gateway.email = "mallory@example.test";
        assertThatThrownBy(() -> new Clauth(world).login(LoginOptions.defaults().withGateway(gateway.base())
                .withEmail("ada@example.test"))).isInstanceOf(ClauthException.class)
                .hasMessageStartingWith("The gateway signed you in as mallory@example.test, not ada@example.test");
    }

    @Test
    void logoutRevokesBothTokensAndKeepsThePins() throws IOException {
        login();
        new Clauth(world).logout();
        assertThat(gateway.revoked).containsExactly("gw_at_test_1", "gw_rt_test_1");
        assertThat(credentials().has("enterpriseGateway")).isFalse();
        assertThat(credentials().get("gatewayTrust").get("127.0.0.1").asText()).isEqualTo("http-loopback");
        assertThat(new Clauth(world).status().loggedIn()).isFalse();
    }

    @Test
    void endpointsOnAnotherOriginAreIgnoredForTheDefaultsAndNothingIsRevoked() throws IOException {
        gateway.metadata = """
                {"device_authorization_endpoint":"http://127.0.0.2:1/steal","token_endpoint":"/relative",
                 "revocation_endpoint":"https://elsewhere.example/revoke"}""";
        login();
        assertThat(credentials().get("enterpriseGateway").get("tokenEndpoint").asText()).isEqualTo(gateway.base() + "/oauth/token");
        assertThat(credentials().get("enterpriseGateway").has("revocationEndpoint")).isFalse();
        new Clauth(world).logout();
        assertThat(gateway.revoked).isEmpty();
    }

    @Test
    void noMetadataAtAllUsesTheDefaultPaths() {
        gateway.http.on("GET", "/.well-known/oauth-authorization-server", r -> StandInServer.Reply.text(404, "no"));
        login();
        assertThat(gateway.http.requestsTo("/oauth/device_authorization")).hasSize(1);
    }

    @Test
    void slowDownAddsFiveSecondsToThePollInterval() {
        gateway.slowDowns.set(1);
        login();
        assertThat(world.slept).startsWith(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    @Test
    void deniedInTheBrowserEndsInOneLine() {
        gateway.deny = true;
        assertThatThrownBy(this::login).isInstanceOf(ClauthException.class)
                .hasMessageStartingWith("Sign-in was denied in the browser");
    }

    @Test
    void aGatewayNotTrustedGetsNothing() {
        answer("n");
        assertThatThrownBy(this::login).isInstanceOf(ClauthException.class)
                .hasMessageStartingWith("The gateway 127.0.0.1 was not trusted, so nothing was sent or saved");
        assertThat(world.printed()).contains(GatewayLoginFlow.FIRST_CONTACT, GatewayLoginFlow.PLAIN_HTTP);
        assertThat(gateway.http.requests).isEmpty();
    }

    @Test
    void plainHttpIsOnlyForLoopback() {
        assertThatThrownBy(() -> new Clauth(world).login(LoginOptions.defaults().withGateway("http://gateway.example.com")))
                .isInstanceOf(ClauthException.class).hasMessageStartingWith("Gateway URL must use https://");
        assertThat(GatewayAddress.parse("gateway.example.com/").toString()).isEqualTo("https://gateway.example.com");
    }

    @Test
    void theGatewaysNoticeAndEmailReachTheTerminalWithoutControlCharacters() {
        gateway.loginNotice = "Use your \u001b[31mwork\u001b[0m account\u0007";
        gateway.email = "ada\u001b]52;c;bad\u0007@example.test";
        login();
        assertThat(world.printed()).doesNotContain("\u001b", "\u0007").contains("Use your  [31mwork [0m account");
    }

    private static MessageCreateParams message() {
        return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(16).addUserMessage("hello").build();
    }
}
