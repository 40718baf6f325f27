package dev.clauth.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clauth.core.ClauthException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * One JSON object in one file, read whole and written whole (atomically, 0600). Keys this program does
 * not know are kept. A file that cannot be read or parsed is reported in one line and left untouched.
 */
final class JsonFile {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long MAX_BYTES = 4 * 1024 * 1024;

    private final Path path;
    private final boolean pretty;
    private final String remedy;

    JsonFile(Path path, boolean pretty, String remedy) {
        this.path = path;
        this.pretty = pretty;
        this.remedy = remedy;
    }

    Path path() {
        return path;
    }

    ObjectNode read() {
        return readText().map(text -> parse(text, path.toString(), remedy)).orElseGet(MAPPER::createObjectNode);
    }

    /** The file's text; empty when it does not exist. Bounded, and one line when it cannot be read. */
    Optional<String> readText() {
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw corrupt("is larger than " + MAX_BYTES / (1024 * 1024) + " MB");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw new ClauthException("Cannot read " + path + ": permission denied; check its owner and mode");
        } catch (IOException e) {
            throw new ClauthException("Cannot read " + path + ": " + e.getClass().getSimpleName() + "; check the file");
        }
        return Optional.of(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@code text} as a JSON object; empty text is an empty object. {@code where} names it in the one-line error. */
    static ObjectNode parse(String text, String where, String remedy) {
        if (text.isEmpty()) {
            return MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new CorruptFile(where + " is not valid JSON; " + remedy);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new CorruptFile(where + " does not hold a JSON object; " + remedy);
        }
        return object;
    }

    static String serialise(ObjectNode content, boolean pretty) {
        try {
            return pretty ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(content)
                    : MAPPER.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON document", e);
        }
    }

    ClauthException corrupt(String what) {
        return new CorruptFile(path + " " + what + "; " + remedy);
    }

    /** The file exists and was read, but does not hold what it should (as opposed to: cannot be read). */
    static final class CorruptFile extends ClauthException {
        CorruptFile(String message) {
            super(message);
        }
    }

    void write(ObjectNode content) {
        writeText(serialise(content, pretty));
    }

    void writeText(String text) {
        try {
            AtomicFileWriter.write(path, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ClauthException("Cannot write " + path + ": " + e.getClass().getSimpleName()
                    + "; check that its directory exists and is writable");
        }
    }

    /** Deletes the file (the real one, when it is a symlink); true when it existed. */
    boolean delete() {
        try {
            return Files.deleteIfExists(AtomicFileWriter.realTarget(path));
        } catch (IOException e) {
            throw new ClauthException("Cannot remove " + path + ": " + e.getClass().getSimpleName()
                    + "; check that its directory is writable");
        }
    }

    /** A warning when the file can be read by anyone but its owner. */
    Optional<String> permissionWarning() {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            boolean open = perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
            return open
                    ? Optional.of("Warning: " + path + " can be read by other users; run chmod 600 " + path)
                    : Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
