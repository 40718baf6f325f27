package dev.clauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server instances on one PostgreSQL database, as a deployment of more than one instance runs:
 * a login made on one is accepted by the other, and what is revoked on one is refused by the other
 * on the very next request. {@code bin/test} provides the database (bin/with-postgres).
 */
class TwoInstancesE2eTest {
    @RegisterExtension
    static final RealServer a = new RealServer(TwoInstancesE2eTest::onTheSharedDatabase);
    @RegisterExtension
    static final RealServer b = new RealServer(TwoInstancesE2eTest::onTheSharedDatabase);

    private static String[] onTheSharedDatabase() {
        String db = System.getenv("CLAUTH_E2E_POSTGRES_URL");
        assumeTrue(db != null, "CLAUTH_E2E_POSTGRES_URL not set: run through bin/test (bin/with-postgres)");
        return new String[] {"--db", db};
    }

    private static Map<String, String> apiKeyHeaders(String key) {
        return Map.of("x-api-key", key, "anthropic-version", "2023-06-01");
    }

    private static int messageWithKey(URI server, String key) {
        return Http.postJson(server.resolve("/v1/messages"),
                "{\"model\":\"m\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                apiKeyHeaders(key)).statusCode();
    }

    @Test
    void whatOneInstanceIssuesOrRevokesHoldsOnTheOther(@TempDir Path dir) throws Exception {
        Sandbox user = a.newUser(dir);
        user.env.put("ANTHROPIC_BASE_URL", b.url().toString());

        Run login = user.clauth("auth", "login");
        assertThat(login.exit()).as(login + "\nbrowser:\n" + user.browserLog()).isZero();
        JsonNode stored = user.storedLogin();
        Run prompt = user.clauth("-p", "across instances");
        assertThat(prompt.out()).as(prompt.toString()).contains("You said: across instances");

        // an API key created through instance A works on B until the console on A revokes it
        String created = Http.postJson(a.url().resolve("/api/oauth/claude_cli/create_api_key"), "{}",
                Map.of("Authorization", "Bearer " + stored.path("accessToken").asText())).body();
        String key = Sandbox.JSON.readTree(created).path("raw_key").asText();
        assertThat(key).as(created).startsWith("clauth_sk_");
        Sandbox.secret(key);
        assertThat(messageWithKey(b.url(), key)).isEqualTo(200);

        BrowserStandIn admin = new BrowserStandIn(ServerProcess.OWNER_EMAIL, ServerProcess.OWNER_PASSWORD, true);
        admin.signIn(a.url());
        String lastFour = key.substring(key.length() - 4);
        admin.submitOn(a.url().resolve("/console/keys"), "tr[data-key$='" + lastFour + "'] form");
        assertThat(messageWithKey(b.url(), key)).as("revoked on A, refused by B at once").isEqualTo(401);

        // logging out on A (revoking the refresh token) ends the access token on B at once
        String access = stored.path("accessToken").asText();
        assertThat(Http.message(b.url(), access, "still in").statusCode()).isEqualTo(200);
        Run logout = user.clauth("auth", "logout");
        assertThat(logout.exit()).as(logout.toString()).isZero();
        assertThat(Http.message(b.url(), access, "after logout").statusCode()).isEqualTo(401);
        assertThat(Http.refresh(b.url(), stored.path("refreshToken").asText()).statusCode()).isEqualTo(400);
    }
}
