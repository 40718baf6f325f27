package dev.clauth.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The stand-in {@code security} program (test resource {@code standin/security}, a Python script that
 * behaves like macOS's for the commands clauth uses) copied into its own directory, with its item file and
 * its log of calls beside it. {@link #program} is what {@code clauth.keychain.program} names.
 */
public final class KeychainStandIn {

    private static final ObjectMapper JSON = new ObjectMapper();
    public final Path dir;
    public final Path program;

    public KeychainStandIn() {
        try {
            dir = Files.createTempDirectory("clauth-keychain");
            program = dir.resolve("security");
            try (InputStream in = KeychainStandIn.class.getResourceAsStream("/standin/security")) {
                Files.copy(in, program);
            }
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The item of {@code service} and {@code account}: {@code password}, {@code created}, {@code updates}; null when absent. */
    public JsonNode item(String service, String account) {
        try {
            Path store = dir.resolve("keychain.json");
            return Files.exists(store) ? JSON.readTree(store.toFile()).get(service + "\u0000" + account) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every call, in order: {@code {kind: argv|interactive|stdin, args: [...]}} ({@code -X} values shown as {@code <hex>}). */
    public List<JsonNode> calls() {
        try {
            Path log = dir.resolve("keychain.json.log");
            List<JsonNode> calls = new ArrayList<>();
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    calls.add(JSON.readTree(line));
                }
            }
            return calls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
