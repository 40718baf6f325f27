package dev.clauth.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.clauth.core.Clauth;
import dev.clauth.core.ClauthException;
import dev.clauth.core.testing.FakeWorld;
import dev.clauth.core.testing.RecordingApi;
import dev.clauth.core.testing.StandInServer;
import dev.clauth.core.world.World;
import java.nio.file.Path;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Foundry and Vertex through the SDK's backends against loopback, the order of the switches, and that
 * nothing of the Anthropic credentials in the environment reaches a cloud provider.
 */
class CloudProvidersTest {

    static final String ANTHROPIC_KEY = "clauth_sk_anthropic_env_never_to_cloud";
    static final String AUTH_TOKEN = "clauth_gateway_never_to_cloud";
    static final String OAUTH = "clauth_at_oauth_never_to_cloud";
    static final String FOUNDRY_KEY = "foundry-key-for-test-0001";
    static final String GOOGLE_TOKEN = "ya29.fake-vertex-access-token";

    static {
        dev.clauth.core.testing.SecretLedger.record(ANTHROPIC_KEY, AUTH_TOKEN, OAUTH, FOUNDRY_KEY, GOOGLE_TOKEN);
    }

    @TempDir
    Path home;
    RecordingApi api;
    FakeWorld world;

    @BeforeEach
    void setUp() throws Exception {
        api = new RecordingApi();
        world = new FakeWorld(home).set("CLAUDE_CONFIG_DIR", home.resolve("config").toString())
                .set("ANTHROPIC_BASE_URL", api.base()).set("CLAUDE_CODE_CUSTOM_OAUTH_URL", api.base())
                .set("ANTHROPIC_API_KEY", ANTHROPIC_KEY).set("ANTHROPIC_AUTH_TOKEN", AUTH_TOKEN)
                .set("CLAUDE_CODE_OAUTH_TOKEN", OAUTH);
    }

    @AfterEach
    void tearDown() {
        for (StandInServer.Request r : api.http.requests) {
            assertThat(r.headers().toString() + r.body()).doesNotContain(ANTHROPIC_KEY, AUTH_TOKEN, OAUTH);
        }
        api.close();
    }

    private static final CloudCredentials FAKE = new CloudCredentials() {
        @Override
        public AwsCredentialsProvider aws(World w) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAKE", "fake-secret"));
        }

        @Override
        public GoogleCredentials google(World w) {
            return GoogleCredentials.create(new AccessToken(GOOGLE_TOKEN, new Date(System.currentTimeMillis() + 3_600_000)));
        }
    };

    private StandInServer.Request ask() {
        Clauth clauth = new Clauth(world, ResolverOptions.defaults().cloudCredentials(FAKE));
        AnthropicClient client = clauth.anthropicClient();
        try {
            client.messages().create(MessageCreateParams.builder().model(RecordingApi.MODEL).maxTokens(64)
                    .addUserMessage("hello").build());
        } finally {
            client.close();
        }
        assertThat(api.messages()).hasSize(1);
        return api.messages().get(0);
    }

    @Test
    void foundrySendsItsOwnKeyAsXApiKeyOnItsPath() {
        world.set("CLAUDE_CODE_USE_FOUNDRY", "1").set("ANTHROPIC_FOUNDRY_API_KEY", FOUNDRY_KEY)
                .set("ANTHROPIC_FOUNDRY_BASE_URL", api.base() + "/anthropic");
        StandInServer.Request r = ask();
        assertThat(r.path()).isEqualTo(RecordingApi.FOUNDRY_PATH);
        assertThat(r.header("x-api-key")).isEqualTo(FOUNDRY_KEY);
        assertThat(r.header("authorization")).isNull();
    }

    @Test
    void vertexSendsTheGoogleTokenAsBearerOnItsPath() {
        world.set("CLAUDE_CODE_USE_VERTEX", "true").set("ANTHROPIC_VERTEX_PROJECT_ID", RecordingApi.VERTEX_PROJECT)
                .set("CLOUD_ML_REGION", RecordingApi.VERTEX_REGION).set("ANTHROPIC_VERTEX_BASE_URL", api.base());
        StandInServer.Request r = ask();
        assertThat(r.path()).isEqualTo(RecordingApi.VERTEX_PATH);
        assertThat(r.header("authorization")).isEqualTo("Bearer " + GOOGLE_TOKEN);
        assertThat(r.header("x-api-key")).isNull();
        assertThat(r.header("anthropic-beta")).isNull();
    }

    @Test
    void bedrockWinsOverFoundryWhichWinsOverVertex() {
        world.set("CLAUDE_CODE_USE_VERTEX", "1").set("CLAUDE_CODE_USE_FOUNDRY", "1");
        assertThat(new Clauth(world).status().apiProvider()).isEqualTo("foundry");
        world.set("CLAUDE_CODE_USE_BEDROCK", "1");
        assertThat(new Clauth(world).status().apiProvider()).isEqualTo("bedrock");
        world.set("CLAUDE_CODE_USE_BEDROCK", "0");
        assertThat(new Clauth(world).status().apiProvider()).as("0 is off").isEqualTo("foundry");
    }

    @Test
    void aMissingProviderSettingIsOneLineBeforeAnythingIsSent() {
        world.set("CLAUDE_CODE_USE_VERTEX", "1");
        assertThatThrownBy(() -> new Clauth(world, ResolverOptions.defaults().cloudCredentials(FAKE)).anthropicClient())
                .isInstanceOf(ClauthException.class)
                .hasMessage("CLAUDE_CODE_USE_VERTEX is set but ANTHROPIC_VERTEX_PROJECT_ID is not; set it to your"
                        + " Google Cloud project");
        assertThat(api.http.requests).isEmpty();
    }
}
