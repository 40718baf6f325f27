package dev.clauth.core.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clauth.core.Clauth;
import dev.clauth.core.ClauthException;
import dev.clauth.core.oauth.AuthorizationServer;
import dev.clauth.core.store.StoredLogin;
import dev.clauth.core.testing.FakeWorld;
import dev.clauth.core.testing.SecretLedger;
import dev.clauth.core.testing.StandInServer;
import dev.clauth.core.testing.StandInServer.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device login against a standard OpenID provider's shape (only {@code /.well-known/openid-configuration},
 * its own scopes, no profile endpoint, an ID token): what is asked for, where the email comes from, that
 * nothing Claude-specific is called, that an abandoned login's tokens are revoked, and the server's own words
 * for a refused request. (Shown against the real oidc-provider in e2e.)
 */
class StandardServerLoginTest {

    @TempDir
    Path home;
    private StandInServer idp;
    private FakeWorld world;

    @BeforeEach
    void setUp() throws IOException {
        idp = new StandInServer();
        idp.on("GET", "/.well-known/openid-configuration", r -> Reply.json(200, """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/auth","token_endpoint":"%1$s/token",
                 "revocation_endpoint":"%1$s/token/revocation","device_authorization_endpoint":"%1$s/device/auth",
                 "userinfo_endpoint":"%1$s/me","scopes_supported":["openid","offline_access","email","profile"],
                 "response_types_supported":["code"]}""".formatted(idp.base())));
        idp.on("POST", "/device/auth", r -> Reply.json(200, """
                {"device_code":"dc-standard-0123456789","user_code":"WDJB-MJHT","verification_uri":"%1$s/device",
                 "expires_in":600,"interval":5}""".formatted(idp.base())));
        String idToken = unsignedJwt("{\"iss\":\"" + idp.base() + "\",\"sub\":\"ada\",\"email\":\"ada@example.test\"}");
        idp.on("POST", "/token", r -> Reply.json(200, """
                {"access_token":"oidc_at_standard_1","token_type":"Bearer","expires_in":300,
                 "refresh_token":"oidc_rt_standard_1","scope":"openid email profile","id_token":"%s"}""".formatted(idToken)));
        idp.on("POST", "/token/revocation", r -> Reply.text(200, ""));
        SecretLedger.record("oidc_at_standard_1", "oidc_rt_standard_1", "dc-standard-0123456789");
        world = new FakeWorld(home).set("CLAUDE_CONFIG_DIR", home.resolve("config").toString())
                .set("CLAUDE_CODE_CUSTOM_OAUTH_URL", idp.base()).set("CLAUDE_CODE_OAUTH_CLIENT_ID", "clauth-cli");
    }

    @AfterEach
    void tearDown() {
        idp.close();
    }

    private static String unsignedJwt(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private void deviceLogin() {
        new Clauth(world).login(LoginOptions.defaults().withDevice(true));
    }

    @Test
    void itsOwnScopesAndOfflineAccessAreAskedForAndTheEmailComesFromTheIdToken() {
        deviceLogin();
        assertThat(idp.requestsTo("/device/auth").get(0).form().get("scope")).isEqualTo("openid email profile offline_access");
        StoredLogin login = new Clauth(world).credentialStore().read().orElseThrow();
        assertThat(login.scopes()).containsExactly("openid", "email", "profile");
        assertThat(login.lifetime()).hasValueSatisfying(d -> assertThat(d.toSeconds()).isEqualTo(300));
        assertThat(new Clauth(world).globalConfig().oauthAccount().orElseThrow().emailAddress()).isEqualTo("ada@example.test");
        assertThat(idp.requests).extracting(StandInServer.Request::path)
                .as("nothing Claude-specific, and no userinfo needed").doesNotContain("/api/oauth/profile",
                        "/api/oauth/claude_cli/roles", "/me");
        assertThat(new Clauth(world).status().email()).contains("ada@example.test");
    }

    @Test
    void aLoginThatCannotBeStoredIsAbandonedAndBothTokensAreRevoked() throws IOException {
        Files.createDirectories(home.resolve("config/.credentials.json"));
        assertThatThrownBy(this::deviceLogin).isInstanceOf(ClauthException.class);
        assertThat(idp.requestsTo("/token/revocation")).extracting(r -> r.form().get("token"))
                .containsExactlyInAnyOrder("oidc_rt_standard_1", "oidc_at_standard_1");
    }

    @Test
    void aRefusedDeviceRequestShowsTheServersOwnDescription() {
        idp.on("POST", "/device/auth", r -> Reply.json(400,
                "{\"error\":\"unauthorized_client\",\"error_description\":\"device flow is off for this client\"}"));
        assertThatThrownBy(this::deviceLogin).isInstanceOf(ClauthException.class).hasMessage("Device login failed (400):"
                + " unauthorized_client (device flow is off for this client); try again, or run clauth auth login without --device");
    }

    @Test
    void aStandardServerIsToldApartFromAClaudeStyleOne() {
        AuthorizationServer standard = AuthorizationServer.discover(java.net.URI.create(idp.base()));
        assertThat(standard.claudeStyle()).isFalse();
        assertThat(standard.scopesFor(List.of("user:inference", "user:profile"))).containsExactly("openid", "email", "profile",
                "offline_access");
        assertThat(Clauth.lifetime(31_536_000)).isEqualTo("1 year");
        assertThat(Clauth.lifetime(28_800)).isEqualTo("8 hours");
        assertThat(Clauth.lifetime(300)).isEqualTo("5 minutes");
    }
}
