package dev.clauth.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clauth.core.ClauthException;
import dev.clauth.core.world.SystemWorld;
import dev.clauth.core.world.World;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code .credentials.json}: compact JSON, mode 0600, read-modify-write so that top-level keys other
 * than {@code claudeAiOauth} survive every change. Every write happens under {@link #lock()}, so
 * writers of one file (in any process, through any config dir that resolves to it) never interleave,
 * and a writer may clean up temp files a killed writer left.
 *
 * <p>A corrupt file (not JSON, not an object, an unreadable entry) is reported by every read in one line
 * that says to run {@code clauth auth login}; it is never changed by reading, refreshing or logging out.
 * Saving a new login ({@link #saveNewLogin}) moves it aside as {@code .credentials.json.corrupt-<UTC
 * time>} and says where; nothing is deleted.
 */
public final class CredentialStore {

    public static final String KEY = "claudeAiOauth";
    static final String REMEDY = "run clauth auth login (it moves the bad file aside)";

    private final JsonFile file;
    private final StoreLock lock;

    public CredentialStore(Path credentialsFile) {
        this(credentialsFile, new SystemWorld());
    }

    /** A store whose lock waits by {@code world}'s monotonic clock and sleep. */
    public CredentialStore(Path credentialsFile, World world) {
        this.file = new JsonFile(credentialsFile, false, REMEDY);
        this.lock = new StoreLock(credentialsFile, world);
    }

    public Path path() {
        return file.path();
    }

    /** The lock every writer of this file takes; see {@link StoreLock}. */
    public StoreLock lock() {
        return lock;
    }

    /** The stored login; empty when there is none or only a logged-out stub (no access token). */
    public Optional<StoredLogin> read() {
        return entry(file.read());
    }

    private Optional<StoredLogin> entry(ObjectNode content) {
        JsonNode entry = content.get(KEY);
        if (entry == null || entry.isNull()) {
            return Optional.empty();
        }
        StoredLogin login;
        try {
            login = JsonFile.MAPPER.treeToValue(entry, StoredLogin.class);
        } catch (Exception e) {
            throw file.corrupt("holds a " + KEY + " entry that cannot be read");
        }
        return Optional.ofNullable(login).filter(l -> l.accessToken() != null && !l.accessToken().isEmpty());
    }

    /** Stores {@code login} in place of whatever login is there. */
    public void save(StoredLogin login) {
        lock.call(() -> {
            makeConfigDirPrivate();
            ObjectNode content = file.read();
            write(content, login);
            return null;
        });
    }

    /**
     * Stores a login just made by {@code auth login}. A corrupt file is first moved aside (see the class
     * comment); the path it was moved to is returned so the caller can say where.
     */
    public Optional<Path> saveNewLogin(StoredLogin login, Instant now) {
        return lock.call(() -> {
            makeConfigDirPrivate();
            ObjectNode content;
            Path aside = null;
            try {
                content = file.read();
                entry(content);
            } catch (JsonFile.CorruptFile e) {
                try {
                    aside = AtomicFileWriter.moveAside(file.path(), now);
                } catch (IOException io) {
                    throw new ClauthException("Cannot move the unreadable " + file.path() + " aside: "
                            + io.getClass().getSimpleName() + "; move it yourself, then run clauth auth login");
                }
                content = JsonFile.MAPPER.createObjectNode();
            }
            write(content, login);
            return Optional.ofNullable(aside);
        });
    }

    /**
     * Compare-and-swap: stores {@code fresh} only if the stored login still holds
     * {@code expectedRefreshToken} (the one {@code fresh} was obtained with). Returns what the store holds
     * afterwards: {@code fresh}, or the newer login another process saved meanwhile (which is kept), or
     * empty when the login was removed meanwhile (which is respected: nothing is written).
     */
    public Optional<StoredLogin> replaceIf(String expectedRefreshToken, StoredLogin fresh) {
        return lock.call(() -> {
            ObjectNode content = file.read();
            Optional<StoredLogin> current = entry(content);
            if (current.isEmpty() || !Objects.equals(current.get().refreshToken(), expectedRefreshToken)) {
                return current;
            }
            write(content, fresh);
            return Optional.of(fresh);
        });
    }

    /** Removes the login and keeps every other key; true when there was one. */
    public boolean remove() {
        return lock.call(() -> {
            ObjectNode content = file.read();
            if (content.remove(KEY) == null) {
                return false;
            }
            cleanUp();
            file.write(content);
            return true;
        });
    }

    private void write(ObjectNode content, StoredLogin login) {
        content.set(KEY, JsonFile.MAPPER.valueToTree(login));
        cleanUp();
        file.write(content);
    }

    /** Under the lock no other writer is mid-write, so any temp file of ours is a killed writer's. */
    private void cleanUp() {
        try {
            AtomicFileWriter.removeOrphanedTempFiles(file.path());
        } catch (IOException e) {
            // Leftovers are harmless (0600, never read); the write itself will say if the dir is unusable.
        }
    }

    private void makeConfigDirPrivate() {
        Path dir = file.path().toAbsolutePath().getParent();
        try {
            AtomicFileWriter.makePrivateDirectory(dir);
        } catch (IOException e) {
            throw new ClauthException("Cannot create or protect " + dir + ": " + e.getClass().getSimpleName()
                    + "; check that it is yours and writable");
        }
    }

    public Optional<String> permissionWarning() {
        return file.permissionWarning();
    }
}
