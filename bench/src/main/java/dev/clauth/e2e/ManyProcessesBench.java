package dev.clauth.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 4's benchmark: the real server on 127.0.0.1, one login made once through the browser stand-in,
 * then for each size (default 8, 32, 128) N rounds (default 3) of that many {@code clauth -p} processes
 * started back to back on the expired login. Reports, per round, the refresh grants the server issued
 * (its metrics) and the time from the first start to the last success; per size, the p50 and max of
 * those times. Prints a table and writes it to {@code bench/results/many-processes-<UTC time>.md}.
 *
 * <p>In package {@code dev.clauth.e2e} to use the e2e harness (from its test-jar) as it is.
 * Arguments: {@code [sizes, comma-separated] [rounds]}.
 */
public final class ManyProcessesBench {

    private ManyProcessesBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "8,32,128").split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (BenchRun run = new BenchRun("bench")) {
            run(run, sizes, rounds);
        }
    }

    private static void run(BenchRun run, int[] sizes, int rounds) throws Exception {
        Path work = run.work;
        StringBuilder table = new StringBuilder();
        table.append("| processes | round | succeeded | refresh grants | last success (ms) | p50 process (ms) |\n");
        table.append("|---:|---:|---:|---:|---:|---:|\n");
        StringBuilder summary = new StringBuilder();
        summary.append("| processes | rounds | all succeeded | refresh grants per round | last success p50 (ms) | last success max (ms) |\n");
        summary.append("|---:|---:|---|---|---:|---:|\n");
        try (ServerProcess server = ServerProcess.start(work.resolve("server"))) {
            Sandbox user = new Sandbox(Files.createDirectories(work.resolve("user")), server);
            ManyProcesses scenario = new ManyProcesses(server, user);
            scenario.login();
            for (int n : sizes) {
                List<Long> lasts = new ArrayList<>();
                List<String> grants = new ArrayList<>();
                boolean allOk = true;
                for (int r = 1; r <= rounds; r++) {
                    ManyProcesses.Round round = scenario.round(n, r == 1 ? 0 : 10, n + "-" + r);
                    String g = round.refreshGrants().isPresent() ? String.valueOf(round.refreshGrants().getAsLong()) : "n/a";
                    String row = "| " + n + " | " + r + " | " + round.succeeded() + "/" + n + " | " + g + " | " + round.max()
                            + " | " + round.p50() + " |";
                    System.out.println(row);
                    if (!round.failures().isEmpty()) {
                        System.out.println("  first failure: " + round.failures().get(0).replace('\n', ' '));
                    }
                    table.append(row).append('\n');
                    lasts.add(round.max());
                    grants.add(g);
                    allOk &= round.succeeded() == n && scenario.storedTokensWork();
                }
                long[] sorted = lasts.stream().mapToLong(Long::longValue).sorted().toArray();
                summary.append("| ").append(n).append(" | ").append(rounds).append(" | ").append(allOk ? "yes" : "NO")
                        .append(" | ").append(String.join(", ", grants)).append(" | ")
                        .append(sorted[(sorted.length - 1) / 2]).append(" | ").append(sorted[sorted.length - 1]).append(" |\n");
            }
        }
        String report = "# Many processes, one login — " + BenchRun.stamp(run.started) + "\n\n"
                + "Each round: the stored access token is marked expired, then N `clauth -p` processes are started back"
                + " to back (random 0–10 ms gaps after the first round) against a real `clauth server` on 127.0.0.1."
                + " Refresh grants are the server's `clauth.token.requests{grant_type=refresh_token,outcome=issued}`"
                + " before and after; \"last success\" is from the first start to the last process's successful exit.\n\n"
                + "Machine: " + run.machine() + ".\n\n## Summary\n\n" + summary + "\n## Rounds\n\n" + table;
        System.out.println();
        System.out.println(summary);
        System.out.println("written to " + run.writeResult("many-processes", report));
    }
}
