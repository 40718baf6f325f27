package dev.clauth.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clauth.core.world.SystemWorld;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code .claude.json}: pretty-printed, mode 0600, every key this program does not own kept. Holds
 * {@code oauthAccount} and {@code customApiKeyResponses}; {@code primaryApiKey} goes through the config
 * dir's {@link SecretStore} (here with the file store, in the Keychain or the Secret Service otherwise).
 * Every change is a read-modify-write under the config dir's lock, so two processes that change it at once
 * never lose each other's keys.
 */
public final class GlobalConfig {

    public static final String ACCOUNT = "oauthAccount";
    public static final String PRIMARY_API_KEY = "primaryApiKey";
    public static final String KEY_RESPONSES = "customApiKeyResponses";

    static final String REMEDY = "fix it or move it aside, then run clauth auth login";

    private final JsonFile file;
    private final SecretStore secrets;
    private final StoreLock lock;

    /** The file beside a config dir whose credentials are in the file store there. */
    public GlobalConfig(Path globalConfigFile) {
        this(globalConfigFile, new FileSecretStore(globalConfigFile.resolveSibling(".credentials.json"), globalConfigFile),
                new StoreLock(globalConfigFile.resolveSibling(".credentials.json"), new SystemWorld()));
    }

    /** {@code .claude.json} of a config dir whose secrets are in {@code secrets}, changed under {@code lock}. */
    public GlobalConfig(Path globalConfigFile, SecretStore secrets, StoreLock lock) {
        this.file = new JsonFile(globalConfigFile, true, REMEDY);
        this.secrets = secrets;
        this.lock = lock;
    }

    /** Reads, edits and writes the file under the lock; {@code edit} answers whether it changed anything. */
    private boolean change(Function<ObjectNode, Boolean> edit) {
        return lock.call(() -> {
            ObjectNode content = file.read();
            boolean changed = edit.apply(content);
            if (changed) {
                file.write(content);
            }
            return changed;
        });
    }

    public Path path() {
        return file.path();
    }

    public Optional<OAuthAccount> oauthAccount() {
        JsonNode node = file.read().get(ACCOUNT);
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonFile.MAPPER.treeToValue(node, OAuthAccount.class));
        } catch (Exception e) {
            throw file.corrupt("holds an " + ACCOUNT + " entry that cannot be read");
        }
    }

    public void saveOAuthAccount(OAuthAccount account) {
        change(content -> {
            content.set(ACCOUNT, JsonFile.MAPPER.valueToTree(account));
            return true;
        });
    }

    /** Where {@code primaryApiKey} is kept, for messages. */
    public String primaryApiKeyLocation() {
        return secrets.describe(SecretStore.Item.API_KEY);
    }

    public Optional<String> primaryApiKey() {
        Optional<String> key = secrets.read(SecretStore.Item.API_KEY);
        return key.isPresent() || secrets instanceof FileSecretStore ? key : movedFromFile();
    }

    /** A key a file-store login left in {@code .claude.json}, moved into the OS store now in use. */
    private Optional<String> movedFromFile() {
        JsonNode node = file.read().get(PRIMARY_API_KEY);
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            return Optional.empty();
        }
        return lock.call(() -> {
            ObjectNode content = file.read();
            JsonNode again = content.get(PRIMARY_API_KEY);
            if (again == null || !again.isTextual() || again.asText().isEmpty()) {
                return secrets.read(SecretStore.Item.API_KEY);
            }
            secrets.write(SecretStore.Item.API_KEY, again.asText());
            content.remove(PRIMARY_API_KEY);
            file.write(content);
            return Optional.of(again.asText());
        });
    }

    /** Stores a key made by a Console login and records it as approved (by its last 20 characters). */
    public void savePrimaryApiKey(String key) {
        lock.call(() -> {
            secrets.write(SecretStore.Item.API_KEY, key);
            change(content -> approve(content, key));
            return null;
        });
    }

    private static boolean approve(ObjectNode content, String key) {
        ObjectNode responses = content.withObjectProperty(KEY_RESPONSES);
        ArrayNode approved = responses.withArrayProperty("approved");
        String tail = key.substring(Math.max(0, key.length() - 20));
        boolean known = false;
        for (JsonNode n : approved) {
            known |= tail.equals(n.asText());
        }
        if (!known) {
            approved.add(tail);
        }
        responses.withArrayProperty("rejected");
        return true;
    }

    /** The user's answer about an environment API key, remembered by its last 20 characters. */
    public enum KeyResponse { APPROVED, REJECTED, NOT_ASKED }

    public KeyResponse keyResponse(String key) {
        JsonNode responses = file.read().get(KEY_RESPONSES);
        String tail = lastTwenty(key);
        if (responses != null && responses.isObject()) {
            if (contains(responses.get("approved"), tail)) {
                return KeyResponse.APPROVED;
            }
            if (contains(responses.get("rejected"), tail)) {
                return KeyResponse.REJECTED;
            }
        }
        return KeyResponse.NOT_ASKED;
    }

    /** Records the answer for {@code key} (its last 20 characters), moving it from the other list. */
    public void recordKeyResponse(String key, boolean approved) {
        change(content -> record(content, key, approved));
    }

    private static boolean record(ObjectNode content, String key, boolean approved) {
        ObjectNode responses = content.withObjectProperty(KEY_RESPONSES);
        String tail = lastTwenty(key);
        ArrayNode add = responses.withArrayProperty(approved ? "approved" : "rejected");
        ArrayNode remove = responses.withArrayProperty(approved ? "rejected" : "approved");
        for (int i = remove.size() - 1; i >= 0; i--) {
            if (tail.equals(remove.get(i).asText())) {
                remove.remove(i);
            }
        }
        if (!contains(add, tail)) {
            add.add(tail);
        }
        return true;
    }

    private static String lastTwenty(String key) {
        return key.substring(Math.max(0, key.length() - 20));
    }

    private static boolean contains(JsonNode array, String tail) {
        if (array == null || !array.isArray()) {
            return false;
        }
        for (JsonNode n : array) {
            if (tail.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }

    /** Forgets the account and the Console key; true when anything was removed. */
    public boolean removeLogin() {
        return lock.call(() -> {
            boolean removed = secrets.delete(SecretStore.Item.API_KEY);
            return change(content -> content.remove(ACCOUNT) != null | content.remove(PRIMARY_API_KEY) != null) || removed;
        });
    }
}
