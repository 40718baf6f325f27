package dev.clauth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One user's machine for a test: its own home directory (so {@code ~/.claude} is private to the test),
 * an environment pointing the CLI at a real server, and a {@code $BROWSER} that is the stand-in.
 * Every output of every process it runs is kept, so that a test class can check none holds a secret.
 */
final class Sandbox {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Every output any sandbox saw, and every secret any sandbox stored: checked against each other. */
    static final List<String> OUTPUTS = new CopyOnWriteArrayList<>();
    static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    final Path dir;
    final Path home;
    final Map<String, String> env = new HashMap<>();
    private final Path standInLog;

    Sandbox(Path dir, ServerProcess server) {
        this.dir = dir;
        this.home = dir.resolve("home");
        this.standInLog = dir.resolve("browser.log");
        try {
            Files.createDirectories(home);
            env.put("PATH", System.getenv("PATH"));
            env.put("HOME", home.toString());
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("CLAUTH_SKIP_BUILD", "1");
            env.put("CLAUDE_CODE_CUSTOM_OAUTH_URL", server.url.toString());
            env.put("ANTHROPIC_BASE_URL", server.url.toString());
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
        Run run = Run.of(cmd, env, dir, stdin == null ? "" : stdin, Duration.ofSeconds(90));
        OUTPUTS.add(run.all());
        return run;
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
                SECRETS.add(v);
            }
        }
        return oauth;
    }

    String browserLog() throws IOException {
        return Files.exists(standInLog) ? Files.readString(standInLog) : "";
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
