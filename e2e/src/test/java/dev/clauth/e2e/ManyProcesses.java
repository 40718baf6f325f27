package dev.clauth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The many-processes scenario of issue 4, shared by {@link ManyProcessesE2eTest} and the benchmark:
 * one login whose access token has expired, N {@code clauth -p} processes started back to back, and
 * what the server and the store show afterwards.
 */
final class ManyProcesses {

    /** What one round showed. {@code refreshGrants} is empty when the server has no metrics endpoint. */
    record Round(int processes, int succeeded, OptionalLong refreshGrants, long[] millisToSuccess, long wallMillis,
            String oldRefreshToken, String newRefreshToken, List<String> failures) {

        long p50() {
            return percentile(0.5);
        }

        long max() {
            return millisToSuccess.length == 0 ? -1 : millisToSuccess[millisToSuccess.length - 1];
        }

        long percentile(double q) {
            if (millisToSuccess.length == 0) {
                return -1;
            }
            int i = (int) Math.ceil(q * millisToSuccess.length) - 1;
            return millisToSuccess[Math.max(0, Math.min(i, millisToSuccess.length - 1))];
        }
    }

    /** How long a round may run before its processes are taken for hung: a safety net, never a measure. */
    private static final Duration SAFETY_NET = Duration.ofMinutes(10);

    private final ServerProcess server;
    private final Sandbox user;

    ManyProcesses(ServerProcess server, Sandbox user) {
        this.server = server;
        this.user = user;
    }

    /** Logs the sandbox's user in once, through {@code clauth auth login} and the browser stand-in. */
    void login() throws IOException {
        Run run = user.clauth("auth", "login");
        if (run.exit() != 0) {
            throw new AssertionError("login failed: " + run + "\nbrowser:\n" + user.browserLog());
        }
    }

    /** Marks the stored access token as expired a minute ago (the server still knows it; the client must refresh). */
    void expireStoredToken() {
        Path file = user.credentialsFile();
        ObjectNode content = (ObjectNode) Sandbox.readJson(file);
        ((ObjectNode) content.path("claudeAiOauth")).put("expiresAt", System.currentTimeMillis() - 60_000);
        try {
            // Written in place, so that a symlinked store stays a symlink.
            Files.writeString(file, Sandbox.JSON.writeValueAsString(content), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many refresh grants the server has issued so far; empty without a metrics endpoint. */
    OptionalLong issuedRefreshGrants() {
        URI uri = server.url.resolve("/actuator/metrics/clauth.token.requests?tag=grant_type:refresh_token&tag=outcome:issued");
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(uri).GET());
        if (response.statusCode() == 404) {
            // Micrometer answers 404 until a meter with these tags exists: none issued yet, if there are metrics at all.
            return metricsAvailable() ? OptionalLong.of(0) : OptionalLong.empty();
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("metrics endpoint answered " + response.statusCode() + ": " + response.body());
        }
        try {
            for (JsonNode m : Sandbox.JSON.readTree(response.body()).path("measurements")) {
                if ("COUNT".equals(m.path("statistic").asText())) {
                    return OptionalLong.of(Math.round(m.path("value").asDouble()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no COUNT in " + response.body());
    }

    private boolean metricsAvailable() {
        return Http.send(HttpRequest.newBuilder(server.url.resolve("/actuator/metrics")).GET()).statusCode() == 200;
    }

    /**
     * One round: expire the token, start {@code n} {@code clauth -p} processes back to back (with up to
     * {@code maxDelayMillis} between starts), wait for all, and report.
     */
    Round round(int n, int maxDelayMillis, String tag) throws IOException, InterruptedException {
        expireStoredToken();
        String oldRefresh = user.storedLogin().path("refreshToken").asText();
        OptionalLong before = issuedRefreshGrants();
        Path outDir = Files.createTempDirectory(user.dir, "round-");
        List<Process> processes = new ArrayList<>(n);
        long[] started = new long[n];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ProcessBuilder pb = new ProcessBuilder(ServerProcess.Layout.clauth().toString(), "-p", prompt(tag, i))
                    .directory(user.dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(outDir.resolve(i + ".out").toFile())
                    .redirectError(outDir.resolve(i + ".err").toFile());
            pb.environment().clear();
            pb.environment().putAll(user.env);
            started[i] = System.nanoTime();
            processes.add(pb.start());
            if (maxDelayMillis > 0) {
                Thread.sleep(ThreadLocalRandom.current().nextInt(maxDelayMillis + 1));
            }
        }
        long[] done = new long[n];
        List<String> failures = new ArrayList<>();
        int ok = 0;
        // Poll, so that each process's end is timed when it happens rather than when its turn to be waited for comes.
        boolean[] finished = new boolean[n];
        int left = n;
        long deadline = System.nanoTime() + SAFETY_NET.toNanos();
        while (left > 0) {
            for (int i = 0; i < n; i++) {
                if (!finished[i] && !processes.get(i).isAlive()) {
                    finished[i] = true;
                    done[i] = System.nanoTime();
                    left--;
                }
            }
            if (System.nanoTime() > deadline) {
                processes.forEach(Process::destroyForcibly);
                throw new AssertionError(left + " of " + n + " clauth -p processes still running after " + SAFETY_NET.toMinutes()
                        + " min (a safety net for hung processes)");
            }
            Thread.sleep(5);
        }
        long wall = (System.nanoTime() - t0) / 1_000_000;
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String out = Files.readString(outDir.resolve(i + ".out"));
            String err = Files.readString(outDir.resolve(i + ".err"));
            Sandbox.keep("-p (process " + i + ")", new Run(processes.get(i).exitValue(), out, err));
            int exit = processes.get(i).exitValue();
            if (exit == 0 && out.contains("You said: " + prompt(tag, i))) {
                ok++;
                times.add((done[i] - t0) / 1_000_000);
            } else {
                failures.add("process " + i + ": " + new Run(exit, out, err));
            }
        }
        OptionalLong after = issuedRefreshGrants();
        String newRefresh = user.storedLogin().path("refreshToken").asText();
        OptionalLong grants = before.isPresent() && after.isPresent()
                ? OptionalLong.of(after.getAsLong() - before.getAsLong()) : OptionalLong.empty();
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Round(n, ok, grants, sorted, wall, oldRefresh, newRefresh, failures);
    }

    private static String prompt(String tag, int i) {
        return "round " + tag + " process " + i;
    }

    /** True when the stored access token is accepted by the API. */
    boolean storedTokensWork() {
        String access = user.storedLogin().path("accessToken").asText();
        return Http.message(server.url, access, "still works").statusCode() == 200;
    }

    static String describe(Round r) {
        return r.succeeded() + "/" + r.processes() + " succeeded, refresh grants " + (r.refreshGrants().isPresent()
                ? String.valueOf(r.refreshGrants().getAsLong()) : "n/a") + ", to last success p50 " + r.p50() + " ms, max "
                + r.max() + " ms" + (r.failures().isEmpty() ? "" : "\nfailures:\n" + String.join("\n", r.failures()))
                + "\ntimes " + Arrays.toString(r.millisToSuccess());
    }
}
