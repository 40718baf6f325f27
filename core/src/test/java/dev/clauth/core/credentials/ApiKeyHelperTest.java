package dev.clauth.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCreateParams;
import dev.clauth.core.Clauth;
import dev.clauth.core.ClauthException;
import dev.clauth.core.credentials.helper.HelperTiming;
import dev.clauth.core.testing.FakeWorld;
import dev.clauth.core.testing.RecordingApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code apiKeyHelper}: a real shell script that numbers its runs in a file, so that each test can
 * count how often it ran and which key a request carried.
 */
class ApiKeyHelperTest {

    static final String KEY_PREFIX = "clauth_sk_helper_run_";

    @TempDir
    Path home;

    FakeWorld world;
    RecordingApi api;
    Path runs;
    final List<String> notices = new CopyOnWriteArrayList<>();
    HelperTiming timing = HelperTiming.DEFAULT;

    @BeforeEach
    void setUp() throws Exception {
        api = new RecordingApi();
        runs = home.resolve("runs.log");
        world = new FakeWorld(home)
                .set("CLAUDE_CONFIG_DIR", home.resolve("config").toString())
                .set("CLAUDE_CODE_CUSTOM_OAUTH_URL", api.base())
                .set("ANTHROPIC_BASE_URL", api.base());
        world.setWorkingDirectory(Files.createDirectories(home.resolve("project")));
    }

    @AfterEach
    void tearDown() {
        api.close();
        String everything = world.printed() + world.errors() + String.join("\n", notices);
        assertThat(everything).doesNotContain(KEY_PREFIX);
    }

    /** A helper that appends a line to runs.log, waits {@code sleep} seconds, and prints key number N. */
    private void helper(String sleep) throws Exception {
        script("echo run >> '" + runs + "'\nsleep " + sleep + "\nn=$(wc -l < '" + runs + "' | tr -d ' ')\n"
                + "printf '%s\\n' " + KEY_PREFIX + "$n\n");
    }

    private Path script(String body) throws Exception {
        Path helper = home.resolve("helper.sh");
        Files.writeString(helper, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        userSettings("{\"apiKeyHelper\":\"" + helper + "\"}");
        return helper;
    }

    private void userSettings(String json) throws Exception {
        Path config = Files.createDirectories(home.resolve("config"));
        Files.writeString(config.resolve("settings.json"), json);
    }

    /** How messages name a helper: its file name and the settings file that configured it, not the command. */
    private String named(Path helper) {
        return "'" + helper.getFileName() + "' (in " + home.resolve("config").resolve("settings.json") + ")";
    }

    private int runCount() throws Exception {
        return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
    }

    private Clauth clauth() {
        return new Clauth(world, ResolverOptions.defaults().helperTiming(timing).notices(notices::add));
    }

    private static String key(CredentialProvider provider) {
        return provider.credential().secret();
    }

    @Test
    void theTtlComesFromTheEnvironment() throws Exception {
        helper("0");
        world.set("CLAUDE_CODE_API_KEY_HELPER_TTL_MS", "60000");
        CredentialProvider provider = clauth().resolver().resolve().require();
        var start = world.now();

        assertThat(key(provider)).isEqualTo(KEY_PREFIX + "1");
        world.setNow(start.plusSeconds(29));
        assertThat(key(provider)).isEqualTo(KEY_PREFIX + "1");
        assertThat(runCount()).isEqualTo(1);
        world.setNow(start.plusSeconds(61));
        assertThat(key(provider)).isEqualTo(KEY_PREFIX + "2");
        assertThat(runCount()).isEqualTo(2);
    }

    @Test
    void theTtlComesFromTheSettingsEnvWhenTheEnvironmentHasNone() throws Exception {
        Path helper = home.resolve("helper.sh");
        helper("0");
        userSettings("{\"apiKeyHelper\":\"" + helper + "\",\"env\":{\"CLAUDE_CODE_API_KEY_HELPER_TTL_MS\":\"60000\"}}");
        CredentialProvider provider = clauth().resolver().resolve().require();
        var start = world.now();

        assertThat(key(provider)).isEqualTo(KEY_PREFIX + "1");
        world.setNow(start.plusSeconds(61));
        assertThat(key(provider)).isEqualTo(KEY_PREFIX + "2");
        world.setNow(start.plusSeconds(200));
        assertThat(key(provider)).as("the default of five minutes would still hold key 2").isEqualTo(KEY_PREFIX + "3");
    }

    @Test
    void withoutATtlSettingTheKeyIsKeptFiveMinutes() throws Exception {
        helper("0");
        CredentialProvider provider = clauth().resolver().resolve().require();
        var start = world.now();

        key(provider);
        world.setNow(start.plus(Duration.ofMinutes(3)));
        key(provider);
        assertThat(runCount()).isEqualTo(1);
        world.setNow(start.plus(Duration.ofMinutes(5)).plusSeconds(1));
        assertThat(key(provider)).isEqualTo(KEY_PREFIX + "2");
    }

    @Test
    void aBadTtlIsOneClearLine() throws Exception {
        helper("0");
        world.set("CLAUDE_CODE_API_KEY_HELPER_TTL_MS", "five minutes");
        assertThatThrownBy(() -> clauth().resolver().resolve()).isInstanceOf(ClauthException.class)
                .hasMessage("CLAUDE_CODE_API_KEY_HELPER_TTL_MS must be a whole number of milliseconds; fix or unset it");
    }

    @Test
    void theKeyIsFetchedAheadOfExpirySoARequestAfterTheTtlDoesNotWait() throws Exception {
        world.useRealClock();
        helper("0.5");
        world.set("CLAUDE_CODE_API_KEY_HELPER_TTL_MS", "1600");
        CredentialProvider provider = clauth().resolver().resolve().require();

        assertThat(key(provider)).isEqualTo(KEY_PREFIX + "1");
        Thread.sleep(1750); // past the TTL of key 1, counted from when it arrived

        long before = System.nanoTime();
        String second = key(provider);
        long waitedMs = (System.nanoTime() - before) / 1_000_000;
        assertThat(second).isEqualTo(KEY_PREFIX + "2");
        assertThat(waitedMs).as("a half-second helper run would show").isLessThan(250);
    }

    @Test
    void aRequestInTheRefreshWindowGetsTheCurrentKeyAtOnceWhileANewOneIsFetched() throws Exception {
        helper("1");
        world.set("CLAUDE_CODE_API_KEY_HELPER_TTL_MS", "60000");
        CredentialProvider provider = clauth().resolver().resolve().require();
        var start = world.now();
        key(provider);

        world.setNow(start.plusSeconds(45));
        long before = System.nanoTime();
        assertThat(key(provider)).isEqualTo(KEY_PREFIX + "1");
        assertThat((System.nanoTime() - before) / 1_000_000).isLessThan(500);
        long deadline = System.currentTimeMillis() + 5000;
        while (!key(provider).equals(KEY_PREFIX + "2") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(key(provider)).isEqualTo(KEY_PREFIX + "2");
        assertThat(runCount()).isEqualTo(2);
    }

    @Test
    void twentyConcurrentRequestsRunTheHelperOnce() throws Exception {
        helper("0.5");
        Clauth clauth = clauth();
        CredentialProvider provider = clauth.resolver().resolve().require();
        CountDownLatch go = new CountDownLatch(1);
        Set<String> keys = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    keys.add(key(provider));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(keys).containsExactly(KEY_PREFIX + "1");
        assertThat(runCount()).isEqualTo(1);
    }

    @Test
    void twentyConcurrentApiRequestsThroughOneClientRunTheHelperOnce() throws Exception {
        helper("0.5");
        AnthropicClient client = clauth().anthropicClient();
        try {
            List<Thread> threads = new ArrayList<>();
            AtomicInteger ok = new AtomicInteger();
            for (int i = 0; i < 20; i++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    ask(client);
                    ok.incrementAndGet();
                }));
            }
            for (Thread t : threads) {
                t.join(20_000);
            }
            assertThat(ok).hasValue(20);
        } finally {
            client.close();
        }
        assertThat(runCount()).isEqualTo(1);
        assertThat(api.messages()).hasSize(20).allSatisfy(r -> assertThat(r.header("x-api-key")).isEqualTo(KEY_PREFIX + "1"));
    }

    @Test
    void a401RunsTheHelperAgainAndRetriesOnce() throws Exception {
        refusedOnceWith(401, "authentication_error");
    }

    @Test
    void a403RunsTheHelperAgainAndRetriesOnce() throws Exception {
        refusedOnceWith(403, "permission_error");
    }

    private void refusedOnceWith(int status, String type) throws Exception {
        helper("0");
        api.http.on("POST", "/v1/messages", r -> (KEY_PREFIX + "1").equals(r.header("x-api-key"))
                ? RecordingApi.error(status, type) : RecordingApi.answer());
        AnthropicClient client = clauth().anthropicClient();
        try {
            ask(client);
        } finally {
            client.close();
        }
        assertThat(api.messages()).extracting(r -> r.header("x-api-key"))
                .containsExactly(KEY_PREFIX + "1", KEY_PREFIX + "2");
        assertThat(api.messages()).extracting(r -> r.header("authorization"))
                .containsExactly("Bearer " + KEY_PREFIX + "1", "Bearer " + KEY_PREFIX + "2");
        assertThat(runCount()).isEqualTo(2);
    }

    @Test
    void aKeyRefusedAgainAfterTheRerunIsOneLineAndNoEndlessLoop() throws Exception {
        helper("0");
        api.http.on("POST", "/v1/messages", r -> RecordingApi.error(401, "authentication_error"));
        AnthropicClient client = clauth().anthropicClient();
        try {
            assertThatThrownBy(() -> ask(client)).isInstanceOf(ClauthException.class)
                    .hasMessageStartingWith("The API refused the key from apiKeyHelper '")
                    .hasMessageNotContaining(KEY_PREFIX);
        } finally {
            client.close();
        }
        assertThat(api.messages()).hasSize(2);
        assertThat(runCount()).isEqualTo(2);
    }

    @Test
    void aHelperThatTakesTooLongIsStoppedWithOneLine() throws Exception {
        timing = new HelperTiming(Duration.ofMillis(700), Duration.ofSeconds(10));
        Path helper = script("sleep 30\necho " + KEY_PREFIX + "late\n");
        long before = System.nanoTime();
        assertThatThrownBy(() -> clauth().resolver().resolve().require().credential())
                .isInstanceOf(ClauthException.class)
                .hasMessage("apiKeyHelper failed: " + named(helper) + " timed out after 700ms");
        assertThat((System.nanoTime() - before) / 1_000_000).isLessThan(5000);
    }

    @Test
    void aNonZeroExitIsAnErrorThatShowsStderrWithoutTheKey() throws Exception {
        Path helper = script("echo " + KEY_PREFIX + "leaked\necho \"vault said no to " + KEY_PREFIX + "leaked\" >&2\nexit 3\n");
        assertThatThrownBy(() -> clauth().resolver().resolve().require().credential())
                .isInstanceOf(ClauthException.class)
                .hasMessage("apiKeyHelper failed: " + named(helper) + " exited with status 3: vault said no to [redacted]");
    }

    @Test
    void aFailingHelperIsNamedByItsSettingsFileNotItsCommandAndItsStderrIsRedacted() throws Exception {
        String vaultToken = "hvs_vault_token_in_the_command_0123";
        dev.clauth.core.testing.SecretLedger.record(vaultToken);
        Path helper = home.resolve("fetch-key.sh");
        Files.writeString(helper, "#!/bin/sh\necho " + KEY_PREFIX + "leaked\n"
                + "echo 'vault: using Bearer eyJhbGciOi.x token=0123456789abcdef0123456789abcdef sk-ant-xyz"
                + " clauth_sk_other_key: permission denied' >&2\nexit 3\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        userSettings("{\"apiKeyHelper\":\"VAULT_TOKEN=" + vaultToken + " " + helper + " --token " + vaultToken + "\"}");

        assertThatThrownBy(() -> clauth().resolver().resolve().require().credential())
                .isInstanceOf(ClauthException.class)
                .hasMessage("apiKeyHelper failed: " + named(helper) + " exited with status 3: vault: using [redacted]"
                        + " token=[redacted] [redacted] [redacted]: permission denied")
                .hasMessageNotContaining("hvs_vault").hasMessageNotContaining("0123456789abcdef");
    }

    @Test
    void emptyOutputIsAnError() throws Exception {
        Path helper = script("printf '  \\n'\n");
        assertThatThrownBy(() -> clauth().resolver().resolve().require().credential())
                .isInstanceOf(ClauthException.class)
                .hasMessage("apiKeyHelper failed: " + named(helper) + " printed nothing");
    }

    @Test
    void hugeOutputIsAnErrorAndTheHelperIsStopped() throws Exception {
        timing = new HelperTiming(Duration.ofSeconds(20), Duration.ofSeconds(10));
        Path helper = script("yes " + KEY_PREFIX + "flood\n");
        long before = System.nanoTime();
        assertThatThrownBy(() -> clauth().resolver().resolve().require().credential())
                .isInstanceOf(ClauthException.class)
                .hasMessage("apiKeyHelper failed: " + named(helper) + " printed more than 64 KiB");
        assertThat((System.nanoTime() - before) / 1_000_000).as("stopped, not timed out").isLessThan(5000);
    }

    @Test
    void aSlowHelperShowsTheNoticeOnceWithTheElapsedTime() throws Exception {
        timing = new HelperTiming(Duration.ofSeconds(20), Duration.ofMillis(300));
        helper("1.2");
        assertThat(clauth().resolver().resolve().require().credential().secret()).isEqualTo(KEY_PREFIX + "1");
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0)).matches("apiKeyHelper is taking a while \\(3\\d\\dms\\)");
    }

    @Test
    void aFastHelperShowsNoNotice() throws Exception {
        timing = new HelperTiming(Duration.ofSeconds(20), Duration.ofMillis(800));
        helper("0");
        clauth().resolver().resolve().require().credential();
        Thread.sleep(1000);
        assertThat(notices).isEmpty();
    }

    @Test
    void theHelperRunsInTheWorkingDirectoryWithNoArguments() throws Exception {
        script("printf '%s-%s-%s\\n' " + KEY_PREFIX + " \"$(basename \"$PWD\")\" \"$#\"\n");
        assertThat(clauth().resolver().resolve().require().credential().secret())
                .isEqualTo(KEY_PREFIX + "-project-0");
    }

    @Test
    void theProjectSettingsWinOverTheUserSettingsAndSettingsFlagOverBoth() throws Exception {
        userSettings("{\"apiKeyHelper\":\"echo " + KEY_PREFIX + "user\"}");
        Path project = world.workingDirectory().resolve(".claude");
        Files.createDirectories(project);
        Files.writeString(project.resolve("settings.json"), "{\"apiKeyHelper\":\"echo " + KEY_PREFIX + "project\"}");
        assertThat(clauth().resolver().resolve().require().credential().secret()).isEqualTo(KEY_PREFIX + "project");

        Path flag = home.resolve("flag.json");
        Files.writeString(flag, "{\"apiKeyHelper\":\"echo " + KEY_PREFIX + "flag\"}");
        Clauth withFlag = new Clauth(world, ResolverOptions.defaults().settings(flag.toString()));
        assertThat(withFlag.resolver().resolve().require().credential().secret()).isEqualTo(KEY_PREFIX + "flag");
    }

    @Test
    void bareIgnoresTheSettingsFilesHelperAndSaysSo() throws Exception {
        userSettings("{\"apiKeyHelper\":\"echo " + KEY_PREFIX + "user\"}");
        Resolution resolution = new Clauth(world, ResolverOptions.defaults().bare(true)).resolver().resolve();
        assertThat(resolution.chosen()).isEmpty();
        assertThat(resolution.notUsed()).extracting(Resolution.NotUsed::reason).singleElement().asString()
                .contains("left out by --bare; give it with --settings");
    }

    @Test
    void aSettingsFileThatIsNotJsonIsOneClearLine() throws Exception {
        userSettings("{\"apiKeyHelper\": ");
        assertThatThrownBy(() -> clauth().resolver().resolve()).isInstanceOf(ClauthException.class)
                .hasMessage("Settings file " + home.resolve("config").resolve("settings.json")
                        + " is not valid JSON; fix it or move it aside");
    }

    private static void ask(AnthropicClient client) {
        client.messages().create(MessageCreateParams.builder().model(RecordingApi.MODEL).maxTokens(64)
                .addUserMessage("hello").build());
    }

}
