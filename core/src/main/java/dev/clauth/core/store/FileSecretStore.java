package dev.clauth.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The reference's store on Linux and Windows: the credentials document is {@code .credentials.json} in the
 * config dir (0600, written atomically, a symlink followed); the Console key is {@code primaryApiKey} in
 * {@code .claude.json}, beside the keys other programs keep there.
 */
public final class FileSecretStore implements SecretStore {

    public static final String NAME = "file";

    private final JsonFile credentials;
    private final JsonFile globalConfig;

    public FileSecretStore(Path credentialsFile, Path globalConfigFile) {
        this.credentials = new JsonFile(credentialsFile, false, CredentialStore.REMEDY);
        this.globalConfig = new JsonFile(globalConfigFile, true, GlobalConfig.REMEDY);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> read(Item item) {
        if (item == Item.CREDENTIALS) {
            return credentials.readText().filter(text -> !text.isBlank());
        }
        JsonNode key = globalConfig.read().get(GlobalConfig.PRIMARY_API_KEY);
        return key != null && key.isTextual() && !key.asText().isEmpty() ? Optional.of(key.asText()) : Optional.empty();
    }

    @Override
    public void write(Item item, String value) {
        if (item == Item.CREDENTIALS) {
            credentials.writeText(value);
            return;
        }
        ObjectNode content = globalConfig.read();
        content.put(GlobalConfig.PRIMARY_API_KEY, value);
        globalConfig.write(content);
    }

    @Override
    public boolean delete(Item item) {
        if (item == Item.CREDENTIALS) {
            return credentials.delete();
        }
        ObjectNode content = globalConfig.read();
        if (content.remove(GlobalConfig.PRIMARY_API_KEY) == null) {
            return false;
        }
        globalConfig.write(content);
        return true;
    }

    @Override
    public String describe(Item item) {
        return (item == Item.CREDENTIALS ? credentials.path() : globalConfig.path()).toString();
    }

    @Override
    public java.nio.file.Path moveAside(Item item, Instant now) throws IOException {
        return AtomicFileWriter.moveAside((item == Item.CREDENTIALS ? credentials : globalConfig).path(), now);
    }

    @Override
    public Optional<String> permissionWarning() {
        return credentials.permissionWarning();
    }

    @Override
    public boolean plaintext() {
        return true;
    }

    Path credentialsFile() {
        return credentials.path();
    }
}
