package dev.clauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
            assertOwnerOnly(dir.resolve("data"));
        } finally {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** An existing data folder open to others is tightened; {@code --issuer} beats {@code CLAUTH_ISSUER}. */
    @Test
    void existingDataFolderIsTightenedAndTheIssuerIsTheOneGiven(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = server(dir, "--port", String.valueOf(port), "--data", data.toString(),
                "--issuer", "https://auth.example.test/");
        builder.environment().put("CLAUTH_ISSUER", "https://other.example.test");
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("clauth server listening on ")) {
                lines.add(line);
            }
            assertThat(line).as("stdout: %s", lines).isEqualTo("clauth server listening on https://auth.example.test");
            HttpResponse<String> metadata = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/.well-known/oauth-authorization-server")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metadata.body()).contains("\"issuer\":\"https://auth.example.test\"",
                    "\"token_endpoint\":\"https://auth.example.test/v1/oauth/token\"");
            assertOwnerOnly(data);
        } finally {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static void assertOwnerOnly(Path data) throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        try (var files = Files.list(data)) {
            List<Path> database = files.filter(f -> f.getFileName().toString().startsWith("clauth")).toList();
            assertThat(database).isNotEmpty().allSatisfy(file -> assertThat(
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------"));
        }
    }

    @Test
    void bootstrapPasswordOver72BytesStopsTheStartWithOneLine(@TempDir Path dir) throws Exception {
        ProcessBuilder builder = server(dir, "--port", "0", "--data", dir.resolve("data").toString());
        builder.environment().put("CLAUTH_BOOTSTRAP_PASSWORD", "p".repeat(73));
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(err.strip()).startsWith("clauth server: failed to start: CLAUTH_BOOTSTRAP_PASSWORD: "
                + "Passwords can be at most 72 bytes").doesNotContain("\n", "Exception");
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
