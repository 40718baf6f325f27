package dev.clauth.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clauth.core.Clauth;
import dev.clauth.core.ClauthException;
import dev.clauth.core.config.ConfigPaths;
import dev.clauth.core.testing.AuthServerStandIn;
import dev.clauth.core.testing.FakeWorld;
import dev.clauth.core.testing.KeychainStandIn;
import dev.clauth.core.testing.SecretLedger;
import dev.clauth.core.testing.SecretServiceSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every secret store behind the one seam: the file, the macOS Keychain (the stand-in {@code security}
 * program, which behaves like the real one), and the Linux Secret Service (a real gnome-keyring-daemon on a
 * private D-Bus). The same behaviour on each: a login kept where chosen and nowhere else, moved when the
 * choice changes, {@code primaryApiKey} through the same store, and many real processes refreshing one
 * expired login once.
 */
class SecretStoresTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SecretServiceSession keyring;
    private static KeychainStandIn keychain;

    @TempDir
    Path home;

    @BeforeAll
    static void stores() throws Exception {
        keyring = SecretServiceSession.start();
        keychain = new KeychainStandIn();
        System.setProperty(SecretStores.KEYCHAIN_PROGRAM_PROPERTY, keychain.program.toString());
    }

    @AfterAll
    static void stop() {
        System.clearProperty(SecretStores.KEYCHAIN_PROGRAM_PROPERTY);
        keyring.close();
    }

    private FakeWorld world(String store) {
        FakeWorld world = new FakeWorld(home).set("CLAUDE_CONFIG_DIR", home.resolve("config").toString())
                .set("USER", "tester").set("DBUS_SESSION_BUS_ADDRESS", keyring.address);
        if (store != null) {
            world.set(SecretStores.VARIABLE, store);
        }
        return world;
    }

    private static StoredLogin login(String access, String refresh, long expiresAt, String issuer) {
        SecretLedger.record(access, refresh);
        return new StoredLogin(access, refresh, expiresAt, List.of("user:inference", "user:profile"), "max", null, issuer,
                "clauth-cli");
    }

    private Path credentialsFile() {
        return home.resolve("config/.credentials.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "keychain", "secret-service"})
    void aLoginIsKeptInTheChosenStoreAndNowhereElse(String store) throws IOException {
        Clauth clauth = new Clauth(world(store));
        assertThat(clauth.credentialStore().secrets().name()).isEqualTo(store);
        StoredLogin saved = login("clauth_at_" + store + "_kept", "clauth_rt_" + store + "_kept", 1L << 40, "http://127.0.0.1:1");
        clauth.credentialStore().save(saved);

        assertThat(new Clauth(world(store)).credentialStore().read()).contains(saved);
        if (store.equals("file")) {
            assertThat(Files.readString(credentialsFile())).contains("clauth_rt_file_kept");
        } else {
            assertThat(credentialsFile()).as("no plaintext copy").doesNotExist();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"keychain", "secret-service"})
    void movingBetweenStoresKeepsTheLogin(String store) throws IOException {
        StoredLogin saved = login("clauth_at_move_" + store, "clauth_rt_move_" + store, 1L << 40, "http://127.0.0.1:1");
        new Clauth(world("file")).credentialStore().save(saved);
        Files.writeString(credentialsFile(), Files.readString(credentialsFile()).replace("{\"claudeAiOauth\"",
                "{\"otherTool\":{\"kept\":true},\"claudeAiOauth\""));

        assertThat(new Clauth(world(store)).credentialStore().read()).as("moved into " + store).contains(saved);
        assertThat(credentialsFile()).as("and out of the file").doesNotExist();
        assertThat(new Clauth(world(store)).credentialStore().read()).contains(saved);

        assertThat(new Clauth(world("file")).credentialStore().read()).as("and back").contains(saved);
        JsonNode file = JSON.readTree(credentialsFile().toFile());
        assertThat(file.path("otherTool").path("kept").asBoolean()).as("another program's key travelled along").isTrue();
        assertThat(new Clauth(world(store)).credentialStore().secrets().read(SecretStore.Item.CREDENTIALS)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "keychain", "secret-service"})
    void primaryApiKeyGoesThroughTheSameStore(String store) throws IOException {
        String key = SecretLedger.record("clauth_sk_console_key_for_" + store.replace('-', '_') + "_0123456789");
        new Clauth(world(store)).globalConfig().savePrimaryApiKey(key);

        assertThat(new Clauth(world(store)).globalConfig().primaryApiKey()).contains(key);
        String dotClaude = Files.readString(home.resolve("config/.claude.json"));
        assertThat(dotClaude).contains(key.substring(key.length() - 20)); // approved by its last 20 characters
        if (store.equals("file")) {
            assertThat(dotClaude).contains("\"primaryApiKey\"");
        } else {
            assertThat(dotClaude).doesNotContain("primaryApiKey", key);
        }
        new Clauth(world(store)).globalConfig().removeLogin();
        assertThat(new Clauth(world(store)).globalConfig().primaryApiKey()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "keychain", "secret-service"})
    void manyProcessesRefreshOneExpiredLoginOnce(String store) throws Exception {
        try (AuthServerStandIn server = new AuthServerStandIn()) {
            server.validRefreshTokens.add("clauth_rt_many_" + store);
            new Clauth(world(store)).credentialStore().save(login("clauth_at_many_" + store, "clauth_rt_many_" + store,
                    System.currentTimeMillis() - 1000, server.base()));
            Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString(),
                    "CLAUDE_CONFIG_DIR", home.resolve("config").toString(), "USER", "tester",
                    "DBUS_SESSION_BUS_ADDRESS", keyring.address, SecretStores.VARIABLE, store,
                    "CLAUDE_CODE_CUSTOM_OAUTH_URL", server.base(), "ANTHROPIC_BASE_URL", server.base()));
            List<Process> children = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                children.add(ChildJava.start(env, List.of("-D" + SecretStores.KEYCHAIN_PROGRAM_PROPERTY + "=" + keychain.program),
                        AskOnceMain.class));
            }
            for (Process child : children) {
                assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("a child finished (safety net)").isTrue();
                assertThat(new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                        .isEqualTo("ok: You said: hello");
            }
            assertThat(server.refreshGrants).as("one refresh across six processes").hasValue(1);
            assertThat(new Clauth(world(store)).credentialStore().read().orElseThrow().refreshToken())
                    .isEqualTo("clauth_rt_test_1");
        }
    }

    @Test
    void theKeychainItemsHaveTheReferencesNamesAndAreUpdatedInPlaceWithNoSecretOnACommandLine() {
        String suffix = ServiceNames.suffix(ConfigPaths.from(world("keychain")));
        assertThat(suffix).matches("-[0-9a-f]{8}");
        Clauth clauth = new Clauth(world("keychain"));
        int before = keychain.calls().size();
        clauth.credentialStore().save(login("clauth_at_inplace_1", "clauth_rt_inplace_1", 1L << 40, "http://127.0.0.1:1"));
        JsonNode first = keychain.item("Claude Code-credentials" + suffix, "tester");
        clauth.credentialStore().save(login("clauth_at_inplace_2", "clauth_rt_inplace_2", 1L << 40, "http://127.0.0.1:1"));
        JsonNode second = keychain.item("Claude Code-credentials" + suffix, "tester");

        assertThat(second.get("password").asText()).contains("clauth_rt_inplace_2");
        assertThat(second.get("created").asLong()).as("the same item, updated in place").isEqualTo(first.get("created").asLong());
        assertThat(second.get("updates").asInt()).isEqualTo(first.get("updates").asInt() + 1);
        List<JsonNode> calls = keychain.calls().subList(before, keychain.calls().size());
        assertThat(calls).noneMatch(c -> c.get("args").toString().contains("clauth_")).noneMatch(c -> c.get("args")
                .toString().contains("delete-generic-password"));
        assertThat(calls).filteredOn(c -> c.get("kind").asText().equals("stdin")).isNotEmpty().allSatisfy(c ->
                assertThat(c.get("args").toString()).contains("add-generic-password", "-U", "-X", "<hex>"));
    }

    @Test
    void theDefaultConfigDirHasTheReferencesPlainNameHoweverItIsSpelled() {
        FakeWorld unset = new FakeWorld(home);
        FakeWorld spelled = new FakeWorld(home).set("CLAUDE_CONFIG_DIR", home.resolve(".claude/").toString());
        assertThat(ServiceNames.suffix(ConfigPaths.from(unset))).isEmpty();
        assertThat(ServiceNames.suffix(ConfigPaths.from(spelled))).isEmpty();
        assertThat(ServiceNames.service(SecretStore.Item.CREDENTIALS, "")).isEqualTo("Claude Code-credentials");
        assertThat(ServiceNames.service(SecretStore.Item.API_KEY, "")).isEqualTo("Claude Code");
    }

    @Test
    void theSecretServiceItemIsWhatAnotherSecretServiceClientFinds() throws Exception {
        Clauth clauth = new Clauth(world("secret-service"));
        clauth.credentialStore().save(login("clauth_at_seen_by_secret_tool", "clauth_rt_seen_by_secret_tool", 1L << 40,
                "http://127.0.0.1:1"));
        String service = "Claude Code-credentials" + ServiceNames.suffix(ConfigPaths.from(world("secret-service")));
        ProcessBuilder lookup = new ProcessBuilder("secret-tool", "lookup", "service", service, "account", "tester");
        lookup.environment().put("DBUS_SESSION_BUS_ADDRESS", keyring.address);
        Process p = lookup.start();
        String found = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(JSON.readTree(found).path("claudeAiOauth").path("refreshToken").asText())
                .isEqualTo("clauth_rt_seen_by_secret_tool");
    }

    @Test
    void autoWithoutAnOsStoreUsesTheFileAndSaysSo() {
        FakeWorld world = new FakeWorld(home).set("CLAUDE_CONFIG_DIR", home.resolve("config").toString())
                .set(SecretStores.VARIABLE, "auto");
        System.clearProperty(SecretStores.KEYCHAIN_PROGRAM_PROPERTY);
        try {
            SecretStores stores = SecretStores.choose(world, ConfigPaths.from(world));
            assertThat(stores.chosen().name()).isEqualTo("file");
            assertThat(stores.warning()).hasValueSatisfying(w -> assertThat(w).startsWith(SecretStores.PLAINTEXT_WARNING));
            world.set("DBUS_SESSION_BUS_ADDRESS", keyring.address);
            assertThat(SecretStores.choose(world, ConfigPaths.from(world)).chosen().name()).isEqualTo("secret-service");
        } finally {
            System.setProperty(SecretStores.KEYCHAIN_PROGRAM_PROPERTY, keychain.program.toString());
        }
    }

    @Test
    void anUnknownStoreNameIsOneLineNamingWhereItCameFrom() {
        assertThatThrownBy(() -> new Clauth(world("vault"))).isInstanceOf(ClauthException.class)
                .hasMessage("CLAUTH_CREDENTIAL_STORE must be file, keychain, secret-service or auto; fix or unset it");
    }
}
