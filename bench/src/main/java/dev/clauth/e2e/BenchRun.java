package dev.clauth.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What every benchmark run shares: a temporary work directory that also takes the e2e harness's kept process
 * outputs and secret ledger (so a run leaves nothing under the checkout's {@code target/}), the machine it ran
 * on, and its report in {@code bench/results/}.
 */
final class BenchRun implements AutoCloseable {

    final Path work;
    final Instant started = Instant.now();
    final String startLoad = loadAverage();

    /** Call before anything touches the e2e harness: it reads where to keep outputs once. */
    BenchRun(String name) throws IOException {
        work = Files.createTempDirectory("clauth-" + name);
        System.setProperty("clauth.process.output", work.resolve("process-output").toString());
        System.setProperty("clauth.secrets.ledger", work.resolve("secrets.txt").toString());
    }

    static String stamp(Instant at) {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(at);
    }

    /** The machine, as a results file states it: CPUs, OS, Java, and how busy it was at the start and now. */
    String machine() {
        return Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", Java " + System.getProperty("java.version")
                + "; load average (1, 5, 15 min) " + startLoad + " at the start, " + loadAverage() + " at the end";
    }

    private static String loadAverage() {
        Path loadavg = Path.of("/proc/loadavg");
        if (!Files.isReadable(loadavg)) {
            return "unknown";
        }
        try (InputStream in = Files.newInputStream(loadavg)) { // a stream: Files.readString may cut /proc files short
            String[] fields = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Writes {@code report} to {@code bench/results/<name>-<UTC start>.md} and returns the path. */
    Path writeResult(String name, String report) throws IOException {
        Path results = ServerProcess.Layout.root().resolve("bench/results");
        Files.createDirectories(results);
        Path out = results.resolve(name + "-" + stamp(started) + ".md");
        Files.writeString(out, report);
        return out;
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(work)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
