package dev.clauth.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code .claude.json}: pretty-printed, mode 0600, every key this program does not own kept. Holds
 * {@code oauthAccount}, {@code primaryApiKey} and {@code customApiKeyResponses}.
 */
public final class GlobalConfig {

    public static final String ACCOUNT = "oauthAccount";
    public static final String PRIMARY_API_KEY = "primaryApiKey";
    public static final String KEY_RESPONSES = "customApiKeyResponses";

    private final JsonFile file;

    public GlobalConfig(Path globalConfigFile) {
        this.file = new JsonFile(globalConfigFile, true, "fix it or move it aside, then run clauth auth login");
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
        ObjectNode content = file.read();
        content.set(ACCOUNT, JsonFile.MAPPER.valueToTree(account));
        file.write(content);
    }

    public Optional<String> primaryApiKey() {
        JsonNode node = file.read().get(PRIMARY_API_KEY);
        return node != null && node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }

    /** Stores a key made by a Console login and records it as approved (by its last 20 characters). */
    public void savePrimaryApiKey(String key) {
        ObjectNode content = file.read();
        content.put(PRIMARY_API_KEY, key);
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
        file.write(content);
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
        ObjectNode content = file.read();
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
        file.write(content);
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
        ObjectNode content = file.read();
        boolean removed = content.remove(ACCOUNT) != null;
        removed |= content.remove(PRIMARY_API_KEY) != null;
        if (removed) {
            file.write(content);
        }
        return removed;
    }
}
