package dev.clauth.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clauth.core.ClauthException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code .credentials.json}: compact JSON, mode 0600, read-modify-write so that top-level keys other
 * than {@code claudeAiOauth} survive every change.
 */
public final class CredentialStore {

    public static final String KEY = "claudeAiOauth";

    private final JsonFile file;
    private final StoreLock lock;

    public CredentialStore(Path credentialsFile) {
        this.file = new JsonFile(credentialsFile, false, "fix it or move it aside, then run clauth auth login");
        this.lock = new StoreLock(credentialsFile);
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
        JsonNode entry = file.read().get(KEY);
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

    public void save(StoredLogin login) {
        makeConfigDirPrivate();
        ObjectNode content = file.read();
        content.set(KEY, JsonFile.MAPPER.valueToTree(login));
        file.write(content);
    }

    /** Removes the login and keeps every other key; true when there was one. */
    public boolean remove() {
        ObjectNode content = file.read();
        if (content.remove(KEY) == null) {
            return false;
        }
        file.write(content);
        return true;
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
