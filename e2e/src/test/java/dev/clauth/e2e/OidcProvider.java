package dev.clauth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A standard OpenID provider started by the tests: panva's {@code oidc-provider} from npm (installed into a
 * cache outside the repository on first use), run by Node.js with the configuration in the test resource
 * {@code oidc/provider.mjs} — no Claude scopes, no profile endpoint, no paste page — and the stand-in API
 * beside it that takes only this provider's access tokens.
 */
final class OidcProvider implements AutoCloseable {
    static final String VERSION = "9.13.3";
    private final Process process;
    private final StringBuffer output;
    final URI issuer;

    private OidcProvider(Process process, StringBuffer output, URI issuer) {
        this.process = process;
        this.output = output;
        this.issuer = issuer;
    }

    /** Starts one whose user is {@code email}/{@code password} and whose access tokens live {@code accessTtl}. */
    static OidcProvider start(String email, String password, Duration accessTtl) throws Exception {
        Path prefix = Path.of(System.getProperty("clauth.npm.cache", System.getProperty("user.home") + "/.cache/clauth-e2e"))
                .resolve("oidc-provider-" + VERSION);
        if (!Files.isDirectory(prefix.resolve("node_modules/oidc-provider"))) {
            Files.createDirectories(prefix);
            Run install = Run.of(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", prefix.toString(),
                    "oidc-provider@" + VERSION), System.getenv(),
                    prefix, "", Duration.ofMinutes(10));
            if (install.exit() != 0) {
                throw new AssertionError("could not install oidc-provider " + VERSION + " with npm:\n" + install);
            }
        }
        Path script = prefix.resolve("provider.mjs");
        try (InputStream in = OidcProvider.class.getResourceAsStream("/oidc/provider.mjs")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder pb = new ProcessBuilder("node", script.toString()).directory(prefix.toFile()).redirectErrorStream(true);
        pb.environment().put("TEST_EMAIL", email);
        pb.environment().put("TEST_PASSWORD", password);
        pb.environment().put("ACCESS_TTL", Long.toString(accessTtl.toSeconds()));
        Process p = pb.start();
        StringBuffer out = new StringBuffer();
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Path log = Sandbox.outputFile("oidc-provider");
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    java.io.Writer kept = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.append(line).append('\n');
                    kept.write(line + "\n");
                    kept.flush();
                    if (line.startsWith("oidc-provider listening on ")) {
                        ready.complete(URI.create(line.substring("oidc-provider listening on ".length()).strip()));
                    }
                }
            } catch (IOException ignored) {
                // ended
            }
            ready.completeExceptionally(new IllegalStateException("oidc-provider exited before it was ready:\n" + out));
        }, "oidc-provider-output");
        reader.setDaemon(true);
        reader.start();
        return new OidcProvider(p, out, ready.get(120, TimeUnit.SECONDS));
    }

    /** {@code {refreshes, revocations, messages}} so far. */
    JsonNode stats() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(issuer.resolve("/test/stats")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return Sandbox.readJsonText(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String output() {
        return output.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
