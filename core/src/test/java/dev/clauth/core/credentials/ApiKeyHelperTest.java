package dev.clauth.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCreateParams;
import dev.clauth.core.Clauth;
import dev.clauth.core.ClauthException;
import dev.clauth.core.credentials.helper.HelperTiming;
import dev.clauth.core.testing.FakeWorld;
import dev.clauth.core.testing.Poll;
import dev.clauth.core.testing.RecordingApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void tearDown() throws Exception {
        openAllGates();
        api.close();
        String everything = world.printed() + world.errors() + String.join("\n", notices);
        assertThat(everything).doesNotContain(KEY_PREFIX);
    }

    /** A helper that appends a line to runs.log, waits {@code sleep} seconds, and prints key number N. */
    private void helper(String sleep) throws Exception {
        script("echo run >> '" + runs + "'\nsleep " + sleep + "\nn=$(wc -l < '" + runs + "' | tr -d ' ')\n"
                + "printf '%s\\n' " + KEY_PREFIX + "$n\n");
    }

    /**
     * A helper whose run N first waits at gate N (a file the test creates with {@link #openGate}), then
     * appends a line to runs.log and prints key number N: the test decides when each run may finish, so
     * nothing depends on how fast the machine is. {@code started} counts the runs that began.
     */
    private void gatedHelper() throws Exception {
        Path gates = Files.createDirectories(home.resolve("gates"));
        Path started = home.resolve("started");
        script("n=$(( $(cat '" + started + "' 2>/dev/null || echo 0) + 1 ))\necho $n > '" + started + "'\n"
                + "while [ -d '" + gates + "' ] && [ ! -e '" + gates + "'/$n ] && [ ! -e '" + gates + "'/all ]; do sleep 0.01; done\n"
                + "echo run >> '" + runs + "'\nprintf '%s\\n' " + KEY_PREFIX + "$n\n");
    }

    private void openGate(String run) throws Exception {
        Path gates = Files.createDirectories(home.resolve("gates"));
        Files.writeString(gates.resolve(run), "");
    }

    /** Lets every run a test left waiting at its gate finish, and waits until they have (a run ends once its dir is gone, too). */
    private void openAllGates() throws Exception {
        if (Files.isDirectory(home.resolve("gates"))) {
            openGate("all");
            Poll.until("the helper runs let through to finish", () -> startedRuns() == runCount());
        }
    }

    private int startedRuns() {
        try {
            Path started = home.resolve("started");
            String n = Files.exists(started) ? Files.readString(started).strip() : "";
            return n.isEmpty() ? 0 : Integer.parseInt(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the process whose pid is in {@code pidFile} has ended (or is a zombie, which is as good). */
    private static void assertStopped(Path pidFile, String what) {
        Poll.until(what + " to be stopped", () -> {
            try {
                String pid = Files.readString(pidFile).strip();
                Path stat = Path.of("/proc", pid, "stat");
                if (!Files.exists(stat)) {
                    return true;
                }
                String state = Files.readString(stat);
                return state.substring(state.lastIndexOf(')') + 2).startsWith("Z");
            } catch (IOException gone) {
                return true;
            }
        });
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

    private int runCount() {
        try {
            return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        // A TTL of 1.6 s: the key is fetched again ahead of its expiry, 0.8 s (real time) after it arrived.
        gatedHelper();
        openGate("1");
        world.set("CLAUDE_CODE_API_KEY_HELPER_TTL_MS", "1600");
        CredentialProvider provider = clauth().resolver().resolve().require();
        var start = world.now();
        assertThat(key(provider)).isEqualTo(KEY_PREFIX + "1");

        // No request comes; the clock stays short of key 1's refresh window (from 0.8 s), so only the
        // timer can start the next run.
        world.setNow(start.plusMillis(700));
        openGate("2");
        Poll.until("the helper to run ahead of key 1's expiry", () -> runCount() == 2);

        world.setNow(start.plusMillis(1700)); // past key 1's TTL
        assertThat(key(provider)).as("the key fetched ahead, at once: a request that waited for a run would wait at"
                + " gate 3, which stays shut").isEqualTo(KEY_PREFIX + "2");
        assertThat(runCount()).isEqualTo(2);
        // Key 2 is now in use, so its own run ahead (run 3) is due 0.8 s after it arrived: wait for it to
        // start, so that the tear-down lets it finish instead of it writing into a temp dir being deleted.
        Poll.until("key 2's run ahead to start", () -> startedRuns() == 3);
    }

    @Test
    void aRequestInTheRefreshWindowGetsTheCurrentKeyAtOnceWhileANewOneIsFetched() throws Exception {
        gatedHelper();
        openGate("1");
        world.set("CLAUDE_CODE_API_KEY_HELPER_TTL_MS", "60000");
        CredentialProvider provider = clauth().resolver().resolve().require();
        var start = world.now();
        key(provider);

        world.setNow(start.plusSeconds(45));
        assertThat(key(provider)).as("at once: run 2 is held at its gate, so a request waiting for it would hang")
                .isEqualTo(KEY_PREFIX + "1");
        Poll.until("the new key's run to start", () -> startedRuns() == 2);
        openGate("2");
        Poll.until("the new key to be used", () -> key(provider).equals(KEY_PREFIX + "2"));
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
        joinAll(threads);
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
            joinAll(threads);
            assertThat(ok).hasValue(20);
        } finally {
            client.close();
        }
        assertThat(runCount()).isEqualTo(1);
        assertThat(api.messages()).hasSize(20).allSatisfy(r -> assertThat(r.header("x-api-key")).isEqualTo(KEY_PREFIX + "1"));
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(Poll.SAFETY_NET.toMillis());
            assertThat(t.isAlive()).as(Poll.hung("a request thread to finish")).isFalse();
        }
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
        Path pid = home.resolve("helper.pid");
        Path helper = script("echo $$ > '" + pid + "'\nsleep 600\necho " + KEY_PREFIX + "late\n");
        assertThatThrownBy(() -> clauth().resolver().resolve().require().credential())
                .isInstanceOf(ClauthException.class)
                .hasMessage("apiKeyHelper failed: " + named(helper) + " timed out after 700ms");
        assertStopped(pid, "the helper that took too long");
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
        timing = new HelperTiming(Poll.SAFETY_NET, Duration.ofSeconds(10));
        Path pid = home.resolve("helper.pid");
        Path helper = script("echo $$ > '" + pid + "'\nyes " + KEY_PREFIX + "flood\n");
        assertThatThrownBy(() -> clauth().resolver().resolve().require().credential())
                .isInstanceOf(ClauthException.class)
                .as("stopped for its output, not timed out")
                .hasMessage("apiKeyHelper failed: " + named(helper) + " printed more than 64 KiB");
        assertStopped(pid, "the flooding helper");
    }

    @Test
    void aSlowHelperShowsTheNoticeOnceWithTheElapsedTime() throws Exception {
        timing = new HelperTiming(Poll.SAFETY_NET, Duration.ofMillis(300));
        gatedHelper();
        CredentialProvider provider = clauth().resolver().resolve().require();
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> key(provider));
        Poll.until("the notice while the helper is held at its gate", () -> !notices.isEmpty());
        openGate("1");
        assertThat(answer.get(Poll.SAFETY_NET.toSeconds(), TimeUnit.SECONDS)).isEqualTo(KEY_PREFIX + "1");
        assertThat(notices).hasSize(1);
        Matcher shown = Pattern.compile("apiKeyHelper is taking a while \\((\\d+)(ms|s)\\)").matcher(notices.get(0));
        assertThat(shown.matches()).as(notices.get(0)).isTrue();
        long shownMs = Long.parseLong(shown.group(1)) * (shown.group(2).equals("s") ? 1000 : 1);
        assertThat(shownMs).as("how long it has taken, once the notice time has passed").isGreaterThanOrEqualTo(300);
    }

    @Test
    void aFastHelperShowsNoNotice() throws Exception {
        Duration notice = Duration.ofSeconds(1);
        timing = new HelperTiming(Poll.SAFETY_NET, notice);
        helper("0");
        long started = world.nanoTime();
        clauth().resolver().resolve().require().credential();
        long tookMs = (world.nanoTime() - started) / 1_000_000;
        assumeTrue(tookMs < notice.toMillis(), "the do-nothing helper took " + tookMs + " ms on this busy machine, longer"
                + " than the notice time: the notice was due, so this run cannot show that a fast helper has none");
        assertThat(notices).as("none while it ran").isEmpty();
        // and none once the notice time has passed after it ended
        Thread.sleep(notice.toMillis() - tookMs + 500);
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
