package dev.clauth.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real {@code clauth server} process on a free loopback port, with its own data directory. */
public final class ServerProcess implements AutoCloseable {
    public static final String OWNER_EMAIL = "ada@example.test";
    public static final String OWNER_PASSWORD = "correct horse battery staple";
    private static final Pattern READY = Pattern.compile("listening on (http://\\S+)");
    /** How long a start may take before it is taken for hung: a safety net (a start takes seconds, on a busy machine a minute). */
    private static final Duration START_SAFETY_NET = Duration.ofMinutes(5);

    private final Process process;
    private final StringBuffer output;
    public final URI url;

    private ServerProcess(Process process, StringBuffer output, URI url) {
        this.process = process;
        this.output = output;
        this.url = url;
    }

    public static ServerProcess start(Path dataDir, String... extraArgs) {
        return start(dataDir, Map.of(), extraArgs);
    }

    /** As {@link #start(Path, String...)}, with {@code env} added to the server's environment. */
    public static ServerProcess start(Path dataDir, Map<String, String> env, String... extraArgs) {
        Sandbox.secret(OWNER_PASSWORD);
        List<String> command = new java.util.ArrayList<>(List.of(Layout.clauth().toString(), "server", "--port", "0",
                "--data", dataDir.toString()));
        command.addAll(List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(Map.of(
                "CLAUTH_BOOTSTRAP_EMAIL", OWNER_EMAIL,
                "CLAUTH_BOOTSTRAP_PASSWORD", OWNER_PASSWORD,
                "CLAUTH_SKIP_BUILD", "1"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            StringBuffer out = new StringBuffer();
            CompletableFuture<URI> ready = new CompletableFuture<>();
            // the whole log, as it comes, for the suite-wide leak check (checks module)
            Path log = Sandbox.outputFile("server");
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                        java.io.Writer kept = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        out.append(line).append('\n');
                        kept.write(line + "\n");
                        kept.flush();
                        Matcher m = READY.matcher(line);
                        if (m.find()) {
                            ready.complete(URI.create(m.group(1)));
                        }
                    }
                } catch (IOException ignored) {
                    // process ended
                }
                ready.completeExceptionally(new IllegalStateException("server exited before it was ready:\n" + out));
            }, "server-output");
            reader.setDaemon(true);
            reader.start();
            URI url;
            try {
                url = ready.get(START_SAFETY_NET.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException hung) {
                p.destroyForcibly();
                throw new IllegalStateException("no ready line after " + START_SAFETY_NET.toMinutes()
                        + " min (a safety net for a hung start); printed:\n" + out);
            }
            return new ServerProcess(p, out, url);
        } catch (Exception e) {
            throw new IllegalStateException("could not start clauth server: " + e.getMessage(), e);
        }
    }

    /** Everything the server printed so far (for the secret-leak checks). */
    public String output() {
        return output.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Paths of this checkout. */
    static final class Layout {
        static Path root() {
            return Path.of(System.getProperty("clauth.root", "..")).toAbsolutePath().normalize();
        }

        static Path clauth() {
            Path p = root().resolve("bin/clauth");
            if (!Files.isExecutable(p)) {
                throw new UncheckedIOException(new IOException("not executable: " + p));
            }
            return p;
        }
    }
}
