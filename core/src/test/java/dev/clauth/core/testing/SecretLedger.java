package dev.clauth.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets this module's tests made or saw, appended to {@code target/secrets/used.txt} (one a line) so that
 * the checks module, last in the build, can look for each in every output of the suite (SECURITY.md).
 * Shared through the test-jar with the other modules' tests (server and e2e take only this class from it).
 */
public final class SecretLedger {
    /** Shorter values would match by chance; the checker ignores them too. */
    public static final int MIN_LENGTH = 8;
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private SecretLedger() {
    }

    /** Records each secret once; null, blank and short values are skipped. Answers the first, for chaining. */
    public static String record(String... secrets) {
        StringBuilder lines = new StringBuilder();
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_LENGTH && s.indexOf('\n') < 0 && SEEN.add(s)) {
                lines.append(s).append('\n');
            }
        }
        if (!lines.isEmpty()) {
            Path file = Path.of(System.getProperty("clauth.secrets.ledger", "target/secrets/used.txt"));
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                // one append per call: lines of concurrent test JVMs do not interleave
                Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return secrets.length == 0 ? null : secrets[0];
    }
}
