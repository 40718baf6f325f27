package dev.clauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clauth server} as a separate process: what it prints, where it keeps its data, how it fails. */
class ServerProcessTest {

    private static final Pattern READY = Pattern.compile("^clauth server listening on http://127\\.0\\.0\\.1:(\\d+)$");

    private static ProcessBuilder server(Path dataDir, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClauthServer.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().remove("CLAUTH_BOOTSTRAP_PASSWORD");
        builder.environment().put("CLAUTH_BOOTSTRAP_EMAIL", "first@example.test");
        builder.environment().put("HOME", dataDir.toString());
        return builder;
    }

    @Test
    void firstStartPrintsTheGeneratedPasswordOnceThenTheUrl(@TempDir Path dir) throws Exception {
        Process process = server(dir, "--port", "0", "--data", dir.resolve("data").toString()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            String line;
            Matcher ready = null;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                Matcher m = READY.matcher(line);
                if (m.matches()) {
                    ready = m;
                    break;
                }
            }
            assertThat(ready).as("stdout: %s", lines).isNotNull();
            assertThat(lines).anySatisfy(l -> assertThat(l).matches(
                    "Generated password for first@example\\.test: \\S{16,} \\(shown once; change it in the console\\)"));
            assertThat(lines).noneSatisfy(l -> assertThat(l).contains("INFO", "Spring"));
            HttpResponse<String> metadata = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ready.group(1) + "/.well-known/oauth-authorization-server")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metadata.statusCode()).isEqualTo(200);
            assertThat(Files.list(dir.resolve("data")).map(p -> p.getFileName().toString()))
                    .anySatisfy(name -> assertThat(name).startsWith("clauth"));
        } finally {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void badArgumentsExitWithCode2AndOneLine(@TempDir Path dir) throws IOException, InterruptedException {
        Process process = server(dir, "--port", "many").start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("clauth server: --port must be a number from 0 to 65535, not 'many'");
    }
}
