package dev.clauth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import dev.clauth.core.testing.Poll;
import dev.clauth.core.testing.SecretLedger;

/**
 * One user's machine for a test: its own home directory (so {@code ~/.claude} is private to the test),
 * an environment pointing the CLI at a real server, and a {@code $BROWSER} that is the stand-in.
 * Every output of every process it runs is kept, so that a test class can check none holds a secret, and
 * written under {@code target/process-output/}, where the checks module looks for every recorded secret.
 */
final class Sandbox {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Every output any sandbox saw, and every secret any sandbox stored: checked against each other. */
    static final List<String> OUTPUTS = new CopyOnWriteArrayList<>();
    static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    /** Where the outputs of the processes the tests run are kept for the suite-wide leak check (checks module). */
    static final Path PROCESS_OUTPUT = Path.of(System.getProperty("clauth.process.output", "target/process-output"))
            .toAbsolutePath();
    private static final AtomicInteger KEPT = new AtomicInteger();

    final Path dir;
    final Path home;
    final Map<String, String> env = new HashMap<>();
    private final Path standInLog;

    Sandbox(Path dir, ServerProcess server) {
        this(dir, server.url);
    }

    /** A user's machine pointed at {@code server} (any authorization server and API, not only a clauth server). */
    Sandbox(Path dir, java.net.URI server) {
        this.dir = dir;
        this.home = dir.resolve("home");
        this.standInLog = outputFile("browser");
        try {
            Files.createDirectories(home);
            env.put("PATH", System.getenv("PATH"));
            env.put("HOME", home.toString());
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("CLAUTH_SKIP_BUILD", "1");
            env.put("CLAUDE_CODE_CUSTOM_OAUTH_URL", server.toString());
            env.put("ANTHROPIC_BASE_URL", server.toString());
            env.put("BROWSER", browserScript().toString());
            env.put("STANDIN_LOG", standInLog.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code $BROWSER} that runs {@link BrowserStandIn} in the background, as a real browser would run. */
    private Path browserScript() throws IOException {
        Path args = dir.resolve("standin.args");
        Files.writeString(args, "-cp\n\"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
        Path script = dir.resolve("browser.sh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\n\"" + java + "\" @" + args + " " + BrowserStandIn.class.getName()
                + " \"$1\" >>\"$STANDIN_LOG\" 2>&1 &\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    Path configDir() {
        return Path.of(env.getOrDefault("CLAUDE_CONFIG_DIR", home.resolve(".claude").toString()));
    }

    Path credentialsFile() {
        return configDir().resolve(".credentials.json");
    }

    Path globalConfigFile() {
        return env.containsKey("CLAUDE_CONFIG_DIR") ? configDir().resolve(".claude.json") : home.resolve(".claude.json");
    }

    /** Runs {@code clauth ARGS} with no input. */
    Run clauth(String... args) {
        return clauthWithInput(null, args);
    }

    Run clauthWithInput(String stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ServerProcess.Layout.clauth().toString());
        cmd.addAll(List.of(args));
        return keep(String.join(" ", args), Run.of(cmd, env, dir, stdin == null ? "" : stdin, Poll.SAFETY_NET));
    }

    /**
     * Runs {@code clauth ARGS} whose documented output is a secret (setup-token prints its token once): nothing is
     * kept until the test hands back the run with the secret taken out, through {@link #keep(String, Run)}.
     */
    Run clauthShowingASecret(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ServerProcess.Layout.clauth().toString());
        cmd.addAll(List.of(args));
        return Run.of(cmd, env, dir, "", Poll.SAFETY_NET);
    }

    /** Records a secret a test made or saw: for the in-module checks and the suite-wide one. */
    static String secret(String value) {
        SECRETS.add(value);
        SecretLedger.record(value);
        return value;
    }

    /** Keeps a finished process's output: in memory for the in-module checks, and in a file for the checks module. */
    static Run keep(String what, Run run) {
        OUTPUTS.add(run.all());
        try {
            Files.writeString(outputFile("run"), "$ clauth " + what + "\n" + run + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run;
    }

    /** A new file under {@link #PROCESS_OUTPUT}, named {@code KIND-N.log}. */
    static Path outputFile(String kind) {
        try {
            Files.createDirectories(PROCESS_OUTPUT);
            return PROCESS_OUTPUT.resolve(kind + "-" + ProcessHandle.current().pid() + "-" + KEPT.incrementAndGet() + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code clauth ARGS} for a test to talk to while it runs. */
    LiveProcess start(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ServerProcess.Layout.clauth().toString());
        cmd.addAll(List.of(args));
        return new LiveProcess(cmd, env, dir);
    }

    /** The stored OAuth login ({@code claudeAiOauth}); its tokens are remembered as secrets. */
    JsonNode storedLogin() {
        JsonNode oauth = readJson(credentialsFile()).path("claudeAiOauth");
        for (String field : List.of("accessToken", "refreshToken")) {
            String v = oauth.path(field).asText("");
            if (v.length() > 8) {
                secret(v);
            }
        }
        return oauth;
    }

    String browserLog() throws IOException {
        return Files.exists(standInLog) ? Files.readString(standInLog) : "";
    }

    static JsonNode readJsonText(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
