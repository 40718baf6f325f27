package dev.clauth.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real Claude Code CLI, {@code @anthropic-ai/claude-code} at the version GATEWAY.md was observed on,
 * installed with npm into a cache outside the repository ({@code ~/.cache/clauth-e2e}, or
 * {@code -Dclauth.npm.cache}) the first time a test needs it; its native binary is run as a user would run
 * {@code claude}, with nothing allowed to reach the internet ({@code CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC}).
 */
final class RealClaude {
    static final String VERSION = "2.1.332";
    private static Path binary;

    private RealClaude() {
    }

    static synchronized Path binary() {
        if (binary != null) {
            return binary;
        }
        Path prefix = Path.of(System.getProperty("clauth.npm.cache", System.getProperty("user.home") + "/.cache/clauth-e2e"))
                .resolve("claude-code-" + VERSION);
        Path exe = prefix.resolve("node_modules/@anthropic-ai/claude-code-linux-x64/claude");
        if (!Files.isExecutable(exe)) {
            Run install = Run.of(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", prefix.toString(),
                    "@anthropic-ai/claude-code@" + VERSION), System.getenv(), prefixDir(prefix), "", Duration.ofMinutes(10));
            if (install.exit() != 0 || !Files.isExecutable(exe)) {
                throw new AssertionError("could not install the real Claude Code " + VERSION + " with npm:\n" + install);
            }
        }
        binary = exe;
        return exe;
    }

    private static Path prefixDir(Path prefix) {
        try {
            return Files.createDirectories(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment the real claude runs in on {@code user}'s machine: theirs, with nothing sent to the internet. */
    static Map<String, String> env(Sandbox user) {
        Map<String, String> env = new HashMap<>(user.env);
        env.remove("CLAUDE_CODE_CUSTOM_OAUTH_URL");
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("DISABLE_TELEMETRY", "1");
        return env;
    }

    /** Runs {@code claude ARGS} on {@code user}'s machine; its output is kept for the leak checks. */
    static Run run(Sandbox user, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary().toString());
        cmd.addAll(List.of(args));
        Run run = Run.of(cmd, env, user.dir, "", Duration.ofSeconds(120));
        return Sandbox.keep("(real claude) " + String.join(" ", args), run);
    }
}
