package dev.clauth.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * SECURITY.md: "a test greps every output of the test suite for the secrets it used".
 *
 * <p>Every test that makes or sees a secret appends it to its module's ledger,
 * {@code <module>/target/secrets/used.txt} (one a line; each module's test-scope {@code SecretLedger}).
 * This program reads every module's ledger and then every file under every module's {@code target/}
 * — surefire's reports and redirected {@code *-output.txt}, the logs of the processes the end-to-end
 * harness ran ({@code e2e/target/process-output/}), anything a test wrote there — and reports each file
 * that holds a recorded secret, naming the secret by its last 4 characters only.
 *
 * <p>What is not an output, and so not read (the only exclusions):
 * <ol>
 *   <li>compiled code: {@code classes/}, {@code test-classes/}, {@code *.jar}, {@code *.class}, and
 *       {@code *.jsa} (the class-data-sharing archive bin/clauth makes of the CLI: the JDK's own constants,
 *       such as {@code "0123456789abcdef"}, are in it) — tests' fixed keys are constants there by design;</li>
 *   <li>the ledgers themselves: {@code target/secrets/};</li>
 *   <li>screenshots: {@code screenshots/} and {@code *.png};</li>
 *   <li>database files ({@code *.db}: H2's {@code .mv.db}, {@code .trace.db}), which hold hashes and
 *       encrypted or intended state, not output.</li>
 * </ol>
 * Secrets shorter than {@link #MIN_LENGTH} are ignored (they would match by chance).
 *
 * <p>Run as {@code java dev.clauth.checks.LeakCheck ROOT}; exit 1 when something leaked. The build runs it
 * through {@code SuiteOutputsCheck} in the {@code verify} phase of this module, last in the reactor.
 */
public final class LeakCheck {

    public static final int MIN_LENGTH = 8;
    private static final Set<String> EXCLUDED_DIRS = Set.of("classes", "test-classes", "secrets", "screenshots");
    private static final List<String> EXCLUDED_SUFFIXES = List.of(".jar", ".class", ".jsa", ".png", ".db");

    /** One file holding one recorded secret. */
    public record Leak(Path file, String lastFour) {
        @Override
        public String toString() {
            return file + " holds a recorded secret ending in …" + lastFour;
        }
    }

    /** What one run saw, and what leaked. */
    public record Result(int secrets, int files, List<Leak> leaks) {
    }

    private LeakCheck() {
    }

    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Result result = run(root);
        System.out.println("LeakCheck: " + result.secrets() + " recorded secrets, " + result.files()
                + " output files under " + root);
        result.leaks().forEach(l -> System.out.println("LEAK: " + l));
        System.exit(result.leaks().isEmpty() ? 0 : 1);
    }

    /** Every module's target directory under {@code root} (its direct subdirectories with a {@code target/}). */
    public static List<Path> targets(Path root) {
        try (Stream<Path> children = Files.list(root)) {
            return children.map(d -> d.resolve("target")).filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Result run(Path root) {
        List<Path> targets = targets(root);
        Set<String> secrets = new LinkedHashSet<>();
        for (Path target : targets) {
            secrets.addAll(ledger(target.resolve("secrets")));
        }
        List<Path> outputs = new ArrayList<>();
        for (Path target : targets) {
            outputs.addAll(outputs(target));
        }
        return new Result(secrets.size(), outputs.size(), scan(secrets, outputs, root));
    }

    /** The secrets recorded in the ledger files of one {@code secrets/} directory. */
    public static Set<String> ledger(Path secretsDir) {
        Set<String> secrets = new LinkedHashSet<>();
        if (!Files.isDirectory(secretsDir)) {
            return secrets;
        }
        try (Stream<Path> files = Files.list(secretsDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.length() >= MIN_LENGTH) {
                        secrets.add(line);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return secrets;
    }

    /** Every output file under one module's {@code target/}, less the exclusions above. */
    public static List<Path> outputs(Path target) {
        try (Stream<Path> all = Files.walk(target)) {
            return all.filter(Files::isRegularFile)
                    .filter(f -> !excluded(target.relativize(f)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean excluded(Path relative) {
        for (Path part : relative.getParent() == null ? List.<Path>of() : relative.getParent()) {
            if (EXCLUDED_DIRS.contains(part.toString())) {
                return true;
            }
        }
        String name = relative.getFileName().toString();
        return EXCLUDED_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    /** Each (file, secret) pair where the file holds the secret; files named relative to {@code root}. */
    public static List<Leak> scan(Set<String> secrets, List<Path> outputs, Path root) {
        List<Leak> leaks = new ArrayList<>();
        for (Path file : outputs) {
            String text;
            try {
                // ISO-8859-1 maps every byte to one char: no decoding errors, and UTF-8 secrets still match byte for byte.
                text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String secret : secrets) {
                if (text.contains(new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) {
                    leaks.add(new Leak(root.relativize(file), lastFour(secret)));
                }
            }
        }
        return leaks;
    }

    static String lastFour(String secret) {
        return secret.substring(Math.max(0, secret.length() - 4));
    }
}
