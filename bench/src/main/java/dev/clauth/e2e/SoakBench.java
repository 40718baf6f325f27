package dev.clauth.e2e;

import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.KilledWriters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The soak of issue 9, run on demand ({@code bin/bench soak}), never by the tests: the large versions of
 * {@code KilledWriterTest} and {@code ManyProcessesE2eTest}, which report figures instead of failing.
 *
 * <ul>
 * <li>Writers killed at random moments: {@code --writers} (3) processes write one credentials file through
 * {@link CredentialStore} in a loop; {@code --kills} (1000) times the next one is killed with SIGKILL at a random
 * moment and replaced, and the file is checked. Reports kills survived, corrupt stores and temp files.
 * <li>Many processes on one login: a real {@code clauth server}, one login, then {@code --rounds} (1000) rounds of
 * {@code --processes} (32) {@code clauth -p} started back to back on the expired login. Reports per round the
 * processes that succeeded, the logouts (processes told to log in again), the refresh grants the server issued
 * (its metrics) and whether the stored login still works.
 * </ul>
 * {@code --minutes M} stops the rounds after the one that ends past M minutes (a partial run, said so). A part
 * with a count of 0 is skipped. Prints as it goes and writes {@code bench/results/soak-<UTC time>.md}.
 */
public final class SoakBench {

    private static final String USAGE = "bin/bench soak [--kills N] [--writers N] [--rounds N] [--processes N] [--minutes M]";

    private SoakBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = new TreeMap<>(Map.of("--kills", 1000, "--writers", 3, "--rounds", 1000,
                "--processes", 32, "--minutes", 0));
        for (int i = 0; i < args.length; i += 2) {
            if (!options.containsKey(args[i]) || i + 1 >= args.length || !args[i + 1].matches("\\d{1,7}")) {
                System.err.println("usage: " + USAGE);
                System.exit(2);
            }
            options.put(args[i], Integer.parseInt(args[i + 1]));
        }
        try (BenchRun run = new BenchRun("soak")) {
            StringBuilder report = new StringBuilder("# Soak — " + BenchRun.stamp(run.started) + "\n\n");
            if (options.get("--kills") > 0) {
                report.append(kills(run.work, options.get("--kills"), options.get("--writers")));
            }
            if (options.get("--rounds") > 0) {
                report.append(rounds(run.work, options.get("--rounds"), options.get("--processes"), options.get("--minutes")));
            }
            report.insert(report.indexOf("\n\n") + 2, "Machine: " + run.machine() + ". Command: `bin/bench soak "
                    + String.join(" ", args) + "`.\n\n");
            System.out.println();
            System.out.println("written to " + run.writeResult("soak", report.toString()));
        }
    }

    private static String kills(Path work, int kills, int writers) throws Exception {
        Path file = work.resolve("killed-writers/config/.credentials.json");
        List<String> problems = new ArrayList<>();
        int survived = 0;
        int maxTemps = 0;
        int overTwoTemps = 0;
        Instant start = Instant.now();
        System.out.println("killing " + kills + " writers (" + writers + " at a time) of " + file);
        try (KilledWriters killed = new KilledWriters(file, writers)) {
            for (int k = 1; k <= kills; k++) {
                KilledWriters.AfterKill after = killed.killOne();
                if (after.problem().isEmpty()) {
                    survived++;
                } else {
                    problems.add("kill " + k + ": " + after.problem().get());
                }
                maxTemps = Math.max(maxTemps, after.tempFiles());
                overTwoTemps += after.tempFiles() > 2 ? 1 : 0;
                if (k % 50 == 0 || k == kills) {
                    System.out.printf("  %d kills, %d survived, %d corrupt, at most %d temp files, %s%n", k, survived,
                            problems.size(), maxTemps, elapsed(start));
                }
            }
        }
        boolean finalSound = KilledWriters.problem(file).isEmpty();
        new CredentialStore(file).save(new CredentialStore(file).read().orElseThrow());
        boolean cleaned = KilledWriters.tempFiles(file.getParent()) == 0;
        StringBuilder out = new StringBuilder("## Writers killed at random moments\n\n");
        out.append(writers).append(" processes write one credentials file through CredentialStore in a loop (6 KB per write);")
                .append(" each time, the next one, once at work, is killed with SIGKILL after a random 0–40 ms and replaced,")
                .append(" and the file is checked while the others go on writing: complete, valid JSON, both tokens from one")
                .append(" write, readable by the store.\n\n")
                .append("| kills | survived | corrupt stores | most temp files seen | kills leaving more than 2 | sound at the end |")
                .append(" next write cleaned up | took |\n|---:|---:|---:|---:|---:|---|---|---:|\n")
                .append("| ").append(kills).append(" | ").append(survived).append(" | ").append(problems.size()).append(" | ")
                .append(maxTemps).append(" | ").append(overTwoTemps).append(" | ").append(finalSound ? "yes" : "NO").append(" | ")
                .append(cleaned ? "yes" : "NO").append(" | ").append(elapsed(start)).append(" |\n\n");
        problems.stream().limit(20).forEach(p -> out.append("- ").append(p).append('\n'));
        return out.append(problems.isEmpty() ? "" : "\n").toString();
    }

    private static String rounds(Path work, int rounds, int processes, int minutes) throws Exception {
        Instant start = Instant.now();
        Instant budgetEnd = minutes > 0 ? start.plus(Duration.ofMinutes(minutes)) : Instant.MAX;
        StringBuilder table = new StringBuilder("| round | succeeded | logouts | refresh grants | login kept | last success (ms) |\n"
                + "|---:|---:|---:|---:|---|---:|\n");
        Map<String, Integer> grantsPerRound = new TreeMap<>();
        List<Long> lasts = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int run = 0;
        int allSucceeded = 0;
        int logouts = 0;
        int loginLost = 0;
        String stopped = "";
        try (ServerProcess server = ServerProcess.start(work.resolve("server"))) {
            Sandbox user = new Sandbox(Files.createDirectories(work.resolve("user")), server);
            ManyProcesses scenario = new ManyProcesses(server, user);
            scenario.login();
            System.out.println("rounds of " + processes + " clauth -p on one login, against " + server.url);
            for (int r = 1; r <= rounds; r++) {
                if (Instant.now().isAfter(budgetEnd)) {
                    stopped = "stopped once " + minutes + " min had passed (--minutes " + minutes + "): a partial run";
                    break;
                }
                ManyProcesses.Round round;
                try {
                    round = scenario.round(processes, r == 1 ? 0 : 10, "soak-" + r);
                } catch (AssertionError | RuntimeException e) {
                    stopped = "round " + r + " did not complete: " + e.getMessage().lines().findFirst().orElse("");
                    break;
                }
                run = r;
                int roundLogouts = (int) round.failures().stream().filter(f -> f.contains("auth login")).count();
                boolean kept = scenario.storedTokensWork();
                String grants = round.refreshGrants().isPresent() ? String.valueOf(round.refreshGrants().getAsLong()) : "n/a";
                grantsPerRound.merge(grants, 1, Integer::sum);
                allSucceeded += round.succeeded() == processes ? 1 : 0;
                logouts += roundLogouts;
                loginLost += kept ? 0 : 1;
                lasts.add(round.max());
                int number = r;
                round.failures().stream().limit(3).forEach(f -> failures.add("round " + number + ", " + f.replace('\n', ' ')));
                String row = "| " + r + " | " + round.succeeded() + "/" + processes + " | " + roundLogouts + " | " + grants
                        + " | " + (kept ? "yes" : "NO") + " | " + round.max() + " |";
                table.append(row).append('\n');
                System.out.println(row + " " + elapsed(start));
            }
        }
        long[] sorted = lasts.stream().mapToLong(Long::longValue).sorted().toArray();
        StringBuilder out = new StringBuilder("## Many processes on one login\n\n");
        out.append("A real `clauth server` on 127.0.0.1 and one login; each round marks the stored access token expired and")
                .append(" starts ").append(processes).append(" `clauth -p` back to back (random 0–10 ms gaps after the first")
                .append(" round). A logout is a process told to log in again; refresh grants are the server's")
                .append(" `clauth.token.requests{grant_type=refresh_token,outcome=issued}` before and after; the login is kept")
                .append(" when the stored access token still works after the round.\n\n");
        out.append(run).append(" of ").append(rounds).append(" rounds run").append(stopped.isEmpty() ? "" : " (" + stopped + ")")
                .append(", in ").append(elapsed(start)).append(".\n\n")
                .append("| rounds | all ").append(processes).append(" succeeded | logouts | refresh grants per round |")
                .append(" login lost | last success p50 (ms) | last success max (ms) |\n|---:|---:|---:|---|---:|---:|---:|\n")
                .append("| ").append(run).append(" | ").append(allSucceeded).append(" | ").append(logouts).append(" | ")
                .append(grantsPerRound.entrySet().stream().map(e -> e.getKey() + " in " + e.getValue() + " rounds").toList()
                        .toString().replaceAll("[\\[\\]]", "")).append(" | ").append(loginLost).append(" | ")
                .append(sorted.length == 0 ? "-" : sorted[(sorted.length - 1) / 2]).append(" | ")
                .append(sorted.length == 0 ? "-" : sorted[sorted.length - 1]).append(" |\n\n");
        failures.stream().limit(20).forEach(f -> out.append("- ").append(f).append('\n'));
        return out.append(failures.isEmpty() ? "" : "\n").append("### Every round\n\n").append(table).append('\n').toString();
    }

    private static String elapsed(Instant start) {
        long s = Duration.between(start, Instant.now()).toSeconds();
        return s / 60 + " min " + s % 60 + " s";
    }
}
