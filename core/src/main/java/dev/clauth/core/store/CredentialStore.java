package dev.clauth.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clauth.core.ClauthException;
import dev.clauth.core.store.SecretStore.Item;
import dev.clauth.core.world.SystemWorld;
import dev.clauth.core.world.World;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The credentials document of one config dir — {@code claudeAiOauth} (a subscription login),
 * {@code enterpriseGateway} (a gateway sign-in) and {@code gatewayTrust} (the gateways' pinned TLS
 * certificates), other top-level keys kept — in whichever {@link SecretStore} holds it (the file
 * {@code .credentials.json}, the macOS Keychain, the Secret Service). Every change is a
 * read-modify-write under the config dir's cross-process lock, taken here and nowhere else: writers of one
 * store (in any process, through any config dir that resolves to it) never interleave, refreshes are
 * compare-and-swaps, and a writer may clean up temp files a killed writer left. Callers that must hold the
 * lock across a network call (a refresh) pass their work to {@link #exclusive} or {@link #tryExclusive}.
 *
 * <p>Moving between stores keeps the login: when the chosen store holds nothing and another store this
 * machine has still holds the document, it is moved (written to the chosen store, then removed from the
 * other) the first time it is needed.
 *
 * <p>A corrupt document (not JSON, not an object, an unreadable entry) is reported by every read in one
 * line that says to run {@code clauth auth login}; it is never changed by reading, refreshing or logging
 * out. Saving a new login ({@link #saveNewLogin}) moves it aside as {@code .credentials.json.corrupt-<UTC
 * time>} and says where; nothing is deleted.
 */
public final class CredentialStore {

    public static final String KEY = "claudeAiOauth";
    public static final String GATEWAY = "enterpriseGateway";
    public static final String TRUST = "gatewayTrust";
    static final String REMEDY = "run clauth auth login (it moves the bad file aside)";

    private final SecretStore secrets;
    private final List<SecretStore> elsewhere;
    private final Path credentialsFile;
    private final StoreLock lock;
    private final Optional<String> warning;

    public CredentialStore(Path credentialsFile) {
        this(credentialsFile, new SystemWorld());
    }

    /** The file store, whose lock waits by {@code world}'s monotonic clock and sleep. */
    public CredentialStore(Path credentialsFile, World world) {
        this(new FileSecretStore(credentialsFile, credentialsFile.resolveSibling(".claude.json")), List.of(),
                credentialsFile, world);
    }

    /**
     * The document in {@code secrets}; {@code elsewhere} are the other stores it may have been left in (moved
     * from on first use). The lock is {@code .oauth_refresh.lock} beside {@code credentialsFile}, whatever
     * the store.
     */
    public CredentialStore(SecretStore secrets, List<SecretStore> elsewhere, Path credentialsFile, World world) {
        this(new SecretStores(secrets, elsewhere, Optional.empty()), credentialsFile, world);
    }

    /** The store {@link SecretStores#choose} picked for this config dir. */
    public CredentialStore(SecretStores stores, Path credentialsFile, World world) {
        this.secrets = stores.chosen();
        this.elsewhere = List.copyOf(stores.elsewhere());
        this.credentialsFile = credentialsFile;
        this.lock = new StoreLock(credentialsFile, world);
        this.warning = stores.warning();
    }

    /** What to tell the user when a login is saved here ({@code auto} found no OS store: plaintext). */
    public Optional<String> warning() {
        return warning;
    }

    /** The file's path (where the lock is, and where the file store keeps the document). */
    public Path path() {
        return credentialsFile;
    }

    /** Where the document is, for messages: the file, or the OS store's item. */
    public String where() {
        return secrets.describe(Item.CREDENTIALS);
    }

    public SecretStore secrets() {
        return secrets;
    }

    /** The lock every writer of this store takes; see {@link StoreLock}. Use {@link #exclusive} rather than taking it. */
    public StoreLock lock() {
        return lock;
    }

    /** Runs {@code action} holding the store's lock (waiting for another holder up to 45 s). */
    public <T> T exclusive(Callable<T> action) {
        return lock.call(action);
    }

    /** Runs {@code action} holding the store's lock if it can be had within {@code wait}; empty otherwise. */
    public <T> Optional<T> tryExclusive(Duration wait, Callable<T> action) {
        return lock.tryCall(wait, action);
    }

    /** The stored login; empty when there is none or only a logged-out stub (no access token). */
    public Optional<StoredLogin> read() {
        return entry(document(), KEY, StoredLogin.class).filter(l -> l.accessToken() != null && !l.accessToken().isEmpty());
    }

    /** The gateway sign-in; empty when there is none (or no token in it). */
    public Optional<GatewayLogin> gateway() {
        return entry(document(), GATEWAY, GatewayLogin.class).filter(g -> g.url() != null && g.jwt() != null && !g.jwt().isEmpty());
    }

    /** The pinned certificate fingerprint (or {@code http-loopback}) for a gateway host. */
    public Optional<String> pin(String host) {
        JsonNode trust = document().get(TRUST);
        JsonNode value = trust == null ? null : trust.get(host);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** Stores {@code login} in place of whatever login is there. */
    public void save(StoredLogin login) {
        change(content -> put(content, KEY, login));
    }

    /**
     * Stores a login just made by {@code auth login}. A corrupt document is first moved aside (see the class
     * comment); the path it was moved to is returned so the caller can say where.
     */
    public Optional<Path> saveNewLogin(StoredLogin login, Instant now) {
        return saveFresh(content -> put(content, KEY, login), now);
    }

    /** Stores a gateway sign-in just made (with its host's pin), moving a corrupt document aside as {@link #saveNewLogin} does. */
    public Optional<Path> saveNewGateway(GatewayLogin login, String host, String pin, Instant now) {
        return saveFresh(content -> {
            content.withObjectProperty(TRUST).put(host, pin);
            return put(content, GATEWAY, login);
        }, now);
    }

    /** Pins {@code host}'s certificate (or {@code http-loopback}), as the reference does once the user trusted it. */
    public void trust(String host, String pin) {
        change(content -> {
            content.withObjectProperty(TRUST).put(host, pin);
            return content;
        });
    }

    /**
     * Compare-and-swap: stores {@code fresh} only if the stored login still holds
     * {@code expectedRefreshToken} (the one {@code fresh} was obtained with). Returns what the store holds
     * afterwards: {@code fresh}, or the newer login another process saved meanwhile (which is kept), or
     * empty when the login was removed meanwhile (which is respected: nothing is written).
     */
    public Optional<StoredLogin> replaceIf(String expectedRefreshToken, StoredLogin fresh) {
        return replaceIf(KEY, StoredLogin.class, StoredLogin::refreshToken, expectedRefreshToken, fresh);
    }

    /** {@link #replaceIf} for the gateway sign-in. */
    public Optional<GatewayLogin> replaceGatewayIf(String expectedRefreshToken, GatewayLogin fresh) {
        return replaceIf(GATEWAY, GatewayLogin.class, GatewayLogin::idpRefreshToken, expectedRefreshToken, fresh);
    }

    private <T> Optional<T> replaceIf(String key, Class<T> type, Function<T, String> refreshToken, String expected, T fresh) {
        return exclusive(() -> {
            ObjectNode content = documentForChange();
            Optional<T> current = entry(content, key, type);
            if (current.isEmpty() || !Objects.equals(refreshToken.apply(current.get()), expected)) {
                return current;
            }
            write(put(content, key, fresh));
            return Optional.of(fresh);
        });
    }

    /** Removes the login and keeps every other key; true when there was one. */
    public boolean remove() {
        return removeKey(KEY);
    }

    /** Removes the gateway sign-in (its hosts' pins stay, as the reference keeps them); true when there was one. */
    public boolean removeGateway() {
        return removeKey(GATEWAY);
    }

    private boolean removeKey(String key) {
        return exclusive(() -> {
            ObjectNode content = documentForChange();
            if (content.remove(key) == null) {
                return false;
            }
            write(content);
            return true;
        });
    }

    private void change(Function<ObjectNode, ObjectNode> edit) {
        exclusive(() -> {
            makeConfigDirPrivate();
            write(edit.apply(documentForChange()));
            return null;
        });
    }

    private Optional<Path> saveFresh(Function<ObjectNode, ObjectNode> edit, Instant now) {
        return exclusive(() -> {
            makeConfigDirPrivate();
            ObjectNode content;
            Path aside = null;
            try {
                content = documentForChange();
                entry(content, KEY, StoredLogin.class);
                entry(content, GATEWAY, GatewayLogin.class);
            } catch (JsonFile.CorruptFile e) {
                try {
                    aside = secrets.moveAside(Item.CREDENTIALS, now);
                } catch (IOException io) {
                    throw new ClauthException("Cannot move the unreadable " + where() + " aside: "
                            + io.getClass().getSimpleName() + "; move it yourself, then run clauth auth login");
                }
                content = JsonFile.MAPPER.createObjectNode();
            }
            write(edit.apply(content));
            return Optional.ofNullable(aside);
        });
    }

    /** The document as stored (moved here first from another store if only that one has it). */
    private ObjectNode document() {
        Optional<String> text = secrets.read(Item.CREDENTIALS);
        if (text.isEmpty() && elsewhere.stream().anyMatch(CredentialStore::holdsDocument)) {
            text = exclusive(this::moveHere); // a read takes the lock (and makes its file) only to move a login
        }
        return text.map(t -> JsonFile.parse(t, where(), REMEDY)).orElseGet(JsonFile.MAPPER::createObjectNode);
    }

    private static boolean holdsDocument(SecretStore store) {
        try {
            return store.read(Item.CREDENTIALS).isPresent();
        } catch (ClauthException e) {
            return false; // an OS store that cannot be reached now holds nothing we can move
        }
    }

    /** Under the lock: the document to change (moved here first if it is only elsewhere). */
    private ObjectNode documentForChange() {
        Optional<String> text = secrets.read(Item.CREDENTIALS);
        if (text.isEmpty()) {
            text = moveHere();
        }
        return text.map(t -> JsonFile.parse(t, where(), REMEDY)).orElseGet(JsonFile.MAPPER::createObjectNode);
    }

    /** Under the lock: the document another store still holds, written here and then removed there. */
    private Optional<String> moveHere() {
        Optional<String> here = secrets.read(Item.CREDENTIALS);
        if (here.isPresent()) {
            return here;
        }
        for (SecretStore other : elsewhere) {
            Optional<String> there;
            try {
                there = other.read(Item.CREDENTIALS);
            } catch (ClauthException e) {
                continue; // an OS store that cannot be reached now holds nothing we can move
            }
            if (there.isPresent()) {
                secrets.write(Item.CREDENTIALS, there.get());
                other.delete(Item.CREDENTIALS);
                return there;
            }
        }
        return Optional.empty();
    }

    private <T> Optional<T> entry(ObjectNode content, String key, Class<T> type) {
        JsonNode entry = content.get(key);
        if (entry == null || entry.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JsonFile.MAPPER.treeToValue(entry, type));
        } catch (Exception e) {
            throw new JsonFile.CorruptFile(where() + " holds a " + key + " entry that cannot be read; " + REMEDY);
        }
    }

    private static ObjectNode put(ObjectNode content, String key, Object value) {
        content.set(key, JsonFile.MAPPER.valueToTree(value));
        return content;
    }

    private void write(ObjectNode content) {
        if (secrets instanceof FileSecretStore) {
            cleanUp();
        }
        secrets.write(Item.CREDENTIALS, JsonFile.serialise(content, false));
    }

    /** Under the lock no other writer is mid-write, so any temp file of ours is a killed writer's. */
    private void cleanUp() {
        try {
            AtomicFileWriter.removeOrphanedTempFiles(credentialsFile);
        } catch (IOException e) {
            // Leftovers are harmless (0600, never read); the write itself will say if the dir is unusable.
        }
    }

    private void makeConfigDirPrivate() {
        Path dir = credentialsFile.toAbsolutePath().getParent();
        try {
            AtomicFileWriter.makePrivateDirectory(dir);
        } catch (IOException e) {
            throw new ClauthException("Cannot create or protect " + dir + ": " + e.getClass().getSimpleName()
                    + "; check that it is yours and writable");
        }
    }

    public Optional<String> permissionWarning() {
        return secrets.permissionWarning();
    }
}
