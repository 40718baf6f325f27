package dev.clauth.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clauth.core.Clauth;
import dev.clauth.core.ClauthException;
import dev.clauth.core.api.ClauthAnthropicClient;
import dev.clauth.core.login.LoginOptions;
import dev.clauth.core.testing.FakeWorld;
import dev.clauth.core.testing.GatewayStandIn;
import dev.clauth.core.testing.TestCertificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trust on first use of a gateway's TLS certificate, against https stand-ins whose certificates a private
 * CA signed ({@code NODE_EXTRA_CA_CERTS}): the fingerprint shown and asked about (default no), pinned as the
 * reference pins it, and another leaf refused everywhere afterwards with one line saying what to do.
 */
class GatewayTlsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestCertificates ca;
    private static TestCertificates.Leaf first;
    private static TestCertificates.Leaf second;
    private static GatewayStandIn gateway;
    private static GatewayStandIn rotated;

    @TempDir
    Path home;
    private FakeWorld world;

    @BeforeAll
    static void gateways() throws IOException {
        ca = TestCertificates.newAuthority();
        first = ca.newLeaf();
        second = ca.newLeaf();
        gateway = new GatewayStandIn(first);
        rotated = new GatewayStandIn(second);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        rotated.close();
    }

    @BeforeEach
    void setUp() {
        world = new FakeWorld(home).set("CLAUDE_CONFIG_DIR", home.resolve("config").toString()).set("BROWSER", "browser")
                .set("NODE_EXTRA_CA_CERTS", ca.caPem().toString());
    }

    private void answer(String... lines) {
        world.setStdin(new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    private void login(GatewayStandIn to) {
        new Clauth(world).login(LoginOptions.defaults().withGateway(to.base()));
    }

    private ObjectNode credentials() throws IOException {
        return (ObjectNode) JSON.readTree(Files.readString(home.resolve("config/.credentials.json")));
    }

    @Test
    void theFirstContactShowsTheLeafFingerprintAndPinsItOnceTrusted() throws IOException {
        String fingerprint = GatewayTls.fingerprint(first.certificate());
        answer("y", "y");
        login(gateway);
        assertThat(world.printed()).contains(GatewayLoginFlow.FIRST_CONTACT,
                GatewayLoginFlow.FINGERPRINT + " " + GatewayTls.colons(fingerprint), "Login successful.");
        assertThat(credentials().get("gatewayTrust").get("127.0.0.1").asText()).isEqualTo(fingerprint).hasSize(64);

        answer("y");
        login(gateway);
        assertThat(world.printed()).as("a known certificate is not asked about again").containsOnlyOnce(GatewayLoginFlow.FIRST_CONTACT);
    }

    @Test
    void noTrustMeansNothingIsSentAndNothingStored() {
        answer("");
        assertThatThrownBy(() -> login(gateway)).isInstanceOf(ClauthException.class)
                .hasMessageStartingWith("The gateway 127.0.0.1 was not trusted, so nothing was sent or saved");
        assertThat(home.resolve("config/.credentials.json")).doesNotExist();
    }

    @Test
    void anotherLeafIsRefusedForRequestsAndRefreshesWithOneLineAndNoTokenReachesIt() throws IOException {
        answer("y", "y");
        login(gateway);
        // the same host now presents another certificate (a rotation, or someone in between)
        ObjectNode stored = credentials();
        ((ObjectNode) stored.get("enterpriseGateway")).put("url", rotated.base());
        Files.writeString(home.resolve("config/.credentials.json"), JSON.writeValueAsString(stored));
        String line = GatewayTls.changedCertificate("127.0.0.1", GatewayTls.fingerprint(second.certificate()));

        AnthropicClient client = new Clauth(world).anthropicClient();
        try {
            assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5")
                    .maxTokens(16).addUserMessage("hello").build())).isInstanceOf(ClauthException.class).hasMessage(line);
        } finally {
            client.close();
        }
        assertThat(rotated.http.requests).as("no request, so no token, reached the other certificate").isEmpty();

        world.setNow(world.now().plusSeconds(3600));
        AnthropicClient expired = new Clauth(world).anthropicClient();
        try {
            assertThatThrownBy(() -> expired.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5")
                    .maxTokens(16).addUserMessage("hello").build())).isInstanceOf(ClauthException.class).hasMessage(line);
        } finally {
            expired.close();
        }
        assertThat(rotated.http.requests).isEmpty();
    }

    @Test
    void signingInAgainShowsTheChangeAndRefusingKeepsTheOldPin() throws IOException {
        answer("y", "y");
        login(gateway);
        String pinned = credentials().get("gatewayTrust").get("127.0.0.1").asText();
        answer("n");
        assertThatThrownBy(() -> login(rotated)).isInstanceOf(ClauthException.class)
                .hasMessage(GatewayTls.changedCertificate("127.0.0.1", GatewayTls.fingerprint(second.certificate())));
        assertThat(world.printed()).contains(GatewayLoginFlow.CHANGED);
        assertThat(credentials().get("gatewayTrust").get("127.0.0.1").asText()).isEqualTo(pinned);
        assertThat(rotated.http.requests).isEmpty();
    }

    @Test
    void aCertificateNoTrustedAuthoritySignedIsExplainedInOneLine() {
        world.env.remove("NODE_EXTRA_CA_CERTS");
        answer("y", "y");
        assertThatThrownBy(() -> login(gateway)).isInstanceOf(ClauthException.class)
                .hasMessageStartingWith("Could not verify the TLS certificate of 127.0.0.1")
                .hasMessageEndingWith("set NODE_EXTRA_CA_CERTS to that CA's PEM file and try again");
    }
}
