package dev.clauth.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import dev.clauth.core.Clauth;
import dev.clauth.core.store.StoredLogin;
import dev.clauth.core.testing.FakeWorld;
import dev.clauth.core.testing.RecordingApi;
import dev.clauth.core.testing.StandInServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every combination of the six sources, in {@code -p} and in the interactive prompt (key approved, not
 * asked yet, declined), with and without {@code --bare}: the method chosen, what is reported as not used,
 * and the exact credential headers that reach a recording API on loopback — and no other secret.
 */
class PrecedenceTest {

    enum Source { CLOUD, AUTH_TOKEN, API_KEY, HELPER, OAUTH_TOKEN, STORED_LOGIN }

    enum Mode { PRINT, APPROVED, NOT_ASKED, DECLINED }

    static final String AWS_ID = "AKIDCLAUTHTEST0001";
    static final String AWS_SECRET = "clauthAwsSecretNeverSent0000000000000001";
    static final String AUTH_TOKEN = "clauth_gateway_token_1111";
    static final String API_KEY = "clauth_sk_env_key_abcdefghijklmnop_2222";
    static final String HELPER_KEY = "clauth_sk_helper_value_7777";
    static final String OAUTH_TOKEN = "clauth_at_longlived_3333";
    static final String STORED = "clauth_at_stored_4444";
    static final String STORED_REFRESH = "clauth_rt_stored_5555";
    static final List<String> SECRETS = List.of(AWS_SECRET, AUTH_TOKEN, API_KEY, HELPER_KEY, OAUTH_TOKEN, STORED,
            STORED_REFRESH);

    static {
        dev.clauth.core.testing.SecretLedger.record(AWS_SECRET, AUTH_TOKEN, API_KEY, HELPER_KEY, OAUTH_TOKEN, STORED, STORED_REFRESH);
    }

    static RecordingApi api;

    @TempDir
    Path home;

    @BeforeAll
    static void startApi() throws Exception {
        api = new RecordingApi();
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (int mask = 0; mask < 64; mask++) {
            for (Mode mode : Mode.values()) {
                for (boolean bare : new boolean[] {false, true}) {
                    all.add(Arguments.of(sources(mask), mode, bare));
                }
            }
        }
        return all.stream();
    }

    static Set<Source> sources(int mask) {
        Set<Source> set = EnumSet.noneOf(Source.class);
        for (Source s : Source.values()) {
            if ((mask & (1 << s.ordinal())) != 0) {
                set.add(s);
            }
        }
        return set;
    }

    @ParameterizedTest(name = "{0} {1} bare={2}")
    @MethodSource("combinations")
    void theFirstUsableSourceWinsAndOnlyItsCredentialIsSent(Set<Source> present, Mode mode, boolean bare) throws Exception {
        api.http.requests.clear();
        Clauth clauth = configure(present, mode, bare);
        Source winner = expectedWinner(present, mode, bare);

        Resolution resolution = clauth.resolver().resolve();

        assertThat(resolution.chosen().map(CredentialProvider::method).orElse(AuthMethod.NONE))
                .isEqualTo(method(winner));
        Set<String> expectedNotUsed = present.stream().filter(s -> s != winner).map(PrecedenceTest::sourceName)
                .collect(Collectors.toSet());
        assertThat(resolution.notUsed()).extracting(Resolution.NotUsed::source)
                .containsExactlyInAnyOrderElementsOf(expectedNotUsed);

        if (winner == null) {
            assertThatThrownBy(() -> ask(clauth)).isInstanceOf(NotLoggedInException.class);
            assertThat(api.messages()).isEmpty();
            return;
        }
        assertThat(ask(clauth).content().get(0).text().orElseThrow().text()).isEqualTo("You said: hello");
        assertThat(api.messages()).hasSize(1);
        StandInServer.Request request = api.messages().get(0);
        assertHeaders(winner, request);
        String everything = request.headers().toString() + request.body() + request.path() + request.query();
        for (String secret : SECRETS) {
            if (!secret.equals(secretOf(winner))) {
                assertThat(everything).as("a credential that did not win was sent").doesNotContain(secret);
            }
        }
    }

    private static void assertHeaders(Source winner, StandInServer.Request r) {
        if (winner == Source.CLOUD) {
            assertThat(r.path()).isEqualTo(RecordingApi.BEDROCK_PATH);
            assertThat(r.header("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + AWS_ID + "/")
                    .contains("/us-east-1/bedrock/aws4_request").contains("Signature=");
            assertThat(r.header("x-amz-date")).isNotBlank();
            assertThat(r.header("x-api-key")).isNull();
            assertThat(r.header("anthropic-beta")).isNull();
            return;
        }
        assertThat(r.path()).isEqualTo("/v1/messages");
        assertThat(r.header("anthropic-version")).isEqualTo("2023-06-01");
        Map<String, String> expected = switch (winner) {
            case AUTH_TOKEN -> headers("Bearer " + AUTH_TOKEN, null, null);
            case API_KEY -> headers(null, API_KEY, null);
            case HELPER -> headers("Bearer " + HELPER_KEY, HELPER_KEY, null);
            case OAUTH_TOKEN -> headers("Bearer " + OAUTH_TOKEN, null, "oauth-2025-04-20");
            case STORED_LOGIN -> headers("Bearer " + STORED, null, "oauth-2025-04-20");
            case CLOUD -> throw new AssertionError();
        };
        assertThat(r.header("authorization")).isEqualTo(expected.get("authorization"));
        assertThat(r.header("x-api-key")).isEqualTo(expected.get("x-api-key"));
        assertThat(r.header("anthropic-beta")).isEqualTo(expected.get("anthropic-beta"));
    }

    private static Map<String, String> headers(String authorization, String apiKey, String beta) {
        Map<String, String> map = new java.util.HashMap<>();
        map.put("authorization", authorization);
        map.put("x-api-key", apiKey);
        map.put("anthropic-beta", beta);
        return map;
    }

    static Source expectedWinner(Set<Source> present, Mode mode, boolean bare) {
        for (Source s : Source.values()) {
            if (!present.contains(s)) {
                continue;
            }
            if (bare && (s == Source.CLOUD || s == Source.OAUTH_TOKEN || s == Source.STORED_LOGIN)) {
                continue;
            }
            if (s == Source.API_KEY && (mode == Mode.NOT_ASKED || mode == Mode.DECLINED)) {
                continue;
            }
            return s;
        }
        return null;
    }

    static AuthMethod method(Source s) {
        if (s == null) {
            return AuthMethod.NONE;
        }
        return switch (s) {
            case CLOUD -> AuthMethod.THIRD_PARTY;
            case AUTH_TOKEN, OAUTH_TOKEN -> AuthMethod.OAUTH_TOKEN;
            case API_KEY -> AuthMethod.API_KEY;
            case HELPER -> AuthMethod.API_KEY_HELPER;
            case STORED_LOGIN -> AuthMethod.CLAUDE_AI;
        };
    }

    static String sourceName(Source s) {
        return switch (s) {
            case CLOUD -> "CLAUDE_CODE_USE_BEDROCK";
            case AUTH_TOKEN -> "ANTHROPIC_AUTH_TOKEN";
            case API_KEY -> "ANTHROPIC_API_KEY";
            case HELPER -> "apiKeyHelper";
            case OAUTH_TOKEN -> "CLAUDE_CODE_OAUTH_TOKEN";
            case STORED_LOGIN -> "claude.ai";
        };
    }

    static String secretOf(Source s) {
        return switch (s) {
            case CLOUD -> AWS_ID;
            case AUTH_TOKEN -> AUTH_TOKEN;
            case API_KEY -> API_KEY;
            case HELPER -> HELPER_KEY;
            case OAUTH_TOKEN -> OAUTH_TOKEN;
            case STORED_LOGIN -> STORED;
        };
    }

    private Clauth configure(Set<Source> present, Mode mode, boolean bare) throws Exception {
        Path config = home.resolve("config");
        Path project = Files.createDirectories(home.resolve("project"));
        FakeWorld world = new FakeWorld(home)
                .set("CLAUDE_CONFIG_DIR", config.toString())
                .set("CLAUDE_CODE_CUSTOM_OAUTH_URL", api.base())
                .set("ANTHROPIC_BASE_URL", api.base());
        world.setWorkingDirectory(project);
        ResolverOptions options = ResolverOptions.defaults().interactive(mode != Mode.PRINT).bare(bare);
        if (present.contains(Source.CLOUD)) {
            world.set("CLAUDE_CODE_USE_BEDROCK", "1").set("AWS_ACCESS_KEY_ID", AWS_ID)
                    .set("AWS_SECRET_ACCESS_KEY", AWS_SECRET).set("AWS_REGION", "us-east-1")
                    .set("ANTHROPIC_BEDROCK_BASE_URL", api.base());
        }
        if (present.contains(Source.AUTH_TOKEN)) {
            world.set("ANTHROPIC_AUTH_TOKEN", AUTH_TOKEN);
        }
        if (present.contains(Source.API_KEY)) {
            world.set("ANTHROPIC_API_KEY", API_KEY);
        }
        if (present.contains(Source.HELPER)) {
            Path helper = home.resolve("helper.sh");
            Files.writeString(helper, "#!/bin/sh\nprintf '%s\\n' " + HELPER_KEY + "\n");
            Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
            Path settings = home.resolve("cli-settings.json");
            Files.writeString(settings, "{\"apiKeyHelper\":\"" + helper + "\"}");
            options = options.settings(settings.toString());
        }
        if (present.contains(Source.OAUTH_TOKEN)) {
            world.set("CLAUDE_CODE_OAUTH_TOKEN", OAUTH_TOKEN);
        }
        Clauth clauth = new Clauth(world, options);
        if (present.contains(Source.STORED_LOGIN)) {
            clauth.credentialStore().save(new StoredLogin(STORED, STORED_REFRESH,
                    world.now().plus(Duration.ofHours(1)).toEpochMilli(), List.of("user:inference", "user:profile"),
                    "max", null, api.base(), "clauth-cli"));
        }
        if (present.contains(Source.API_KEY) && (mode == Mode.APPROVED || mode == Mode.DECLINED)) {
            clauth.globalConfig().recordKeyResponse(API_KEY, mode == Mode.APPROVED);
        }
        return clauth;
    }

    private static Message ask(Clauth clauth) {
        AnthropicClient client = clauth.anthropicClient();
        try {
            return client.messages().create(MessageCreateParams.builder().model(RecordingApi.MODEL).maxTokens(64)
                    .addUserMessage("hello").build());
        } finally {
            client.close();
        }
    }
}
