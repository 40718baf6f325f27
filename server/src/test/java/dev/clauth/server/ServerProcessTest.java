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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clauth server} as a separate process: what it prints, where it keeps its data, how it fails. */
class ServerProcessTest {

    private static final Pattern READY = Pattern.compile("^clauth server listening on http://127\\.0\\.0\\.1:(\\d+)$");
    /** A server still running after this is killed: a safety net for a hung start (one takes seconds to a minute). */
    private static final Duration SAFETY_NET = Duration.ofMinutes(5);
    private static final ScheduledExecutorService SAFETY_NETS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "server-process-safety-net");
        t.setDaemon(true);
        return t;
    });

    /** Starts {@code builder}'s server; it is killed if it still runs after {@link #SAFETY_NET}, ending reads of its output. */
    private static Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        SAFETY_NETS.schedule(process::destroyForcibly, SAFETY_NET.toMillis(), TimeUnit.MILLISECONDS);
        return process;
    }

    /** Waits for {@code process} to exit (it is killed by the safety net otherwise) and returns its code. */
    private static int exitOf(Process process) throws InterruptedException {
        int exit = process.waitFor();
        assertThat(exit).as("killed by the safety net: the server had not exited after " + SAFETY_NET.toMinutes() + " min")
                .isNotEqualTo(137);
        return exit;
    }

    /**
     * The TCP ports {@code process} listens on (Linux): the inodes of its sockets ({@code /proc/PID/fd}) found
     * among the listening sockets of {@code /proc/PID/net/tcp} and {@code tcp6}.
     */
    private static Set<Integer> listeningPorts(Process process) throws IOException {
        Path proc = Path.of("/proc", String.valueOf(process.pid()));
        Set<String> sockets = new HashSet<>();
        try (var fds = Files.list(proc.resolve("fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        sockets.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closed) {
                    // the descriptor was closed meanwhile
                }
            }
        }
        Set<Integer> ports = new TreeSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = proc.resolve("net").resolve(table);
            if (!Files.exists(file)) {
                continue;
            }
            String text;
            try (var in = Files.newInputStream(file)) { // a stream: Files.readString may cut /proc files short
                text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
            text.lines().skip(1).map(line -> line.trim().split("\\s+"))
                    .filter(f -> f.length > 9 && f[3].equals("0A") && sockets.contains(f[9])) // 0A: LISTEN
                    .forEach(f -> ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16)));
        }
        return ports;
    }

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
        Process process = start(server(dir, "--port", "0", "--data", dir.resolve("data").toString()));
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
            assertThat(ready).as("stdout (a server not ready in 5 min is killed: a safety net): %s", lines).isNotNull();
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
            process.waitFor();
        }
    }

    /** An existing data folder open to others is tightened; {@code --issuer} beats {@code CLAUTH_ISSUER}. */
    @Test
    void existingDataFolderIsTightenedAndTheIssuerIsTheOneGiven(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        // the port the OS picks: the line says the issuer, so the port is read from what the process listens on
        ProcessBuilder builder = server(dir, "--port", "0", "--data", data.toString(),
                "--issuer", "https://auth.example.test/");
        builder.environment().put("CLAUTH_ISSUER", "https://other.example.test");
        Process process = start(builder);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("clauth server listening on ")) {
                lines.add(line);
            }
            assertThat(line).as("stdout (a server not ready in 5 min is killed: a safety net): %s", lines).isEqualTo("clauth server listening on https://auth.example.test");
            Set<Integer> ports = listeningPorts(process);
            assertThat(ports).as("the one port it listens on").hasSize(1);
            int port = ports.iterator().next();
            HttpResponse<String> metadata = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/.well-known/oauth-authorization-server")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metadata.body()).contains("\"issuer\":\"https://auth.example.test\"",
                    "\"token_endpoint\":\"https://auth.example.test/v1/oauth/token\"");
            assertOwnerOnly(data);
        } finally {
            process.destroy();
            process.waitFor();
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
        Process process = start(builder);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exitOf(process)).isEqualTo(1);
        assertThat(err.strip()).startsWith("clauth server: failed to start: CLAUTH_BOOTSTRAP_PASSWORD: "
                + "Passwords can be at most 72 bytes").doesNotContain("\n", "Exception");
    }

    @Test
    void badArgumentsExitWithCode2AndOneLine(@TempDir Path dir) throws IOException, InterruptedException {
        Process process = start(server(dir, "--port", "many"));
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exitOf(process)).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("clauth server: --port must be a number from 0 to 65535, not 'many'");
    }
}
