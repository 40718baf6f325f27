package dev.clauth.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.testing.FakeWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code CLAUDE_CONFIG_DIR} naming the default dir, however spelled, is the same as leaving it unset. */
class DefaultConfigDirTest {

    @TempDir
    Path home;

    @Test
    void everySpellingOfTheDefaultDirGivesTheDefaultFilesAndLock() throws Exception {
        Files.createDirectories(home.resolve(".claude"));
        Files.createSymbolicLink(home.resolve("claude-link"), home.resolve(".claude"));
        ConfigPaths unset = ConfigPaths.from(new FakeWorld(home));
        Path lock = new CredentialStore(unset.credentialsFile()).lock().lockFile();

        for (String spelling : new String[] {home + "/.claude", home + "/.claude/", "~/.claude", home + "/x/../.claude",
                home + "/./.claude", home + "/claude-link"}) {
            ConfigPaths set = ConfigPaths.from(new FakeWorld(home).set("CLAUDE_CONFIG_DIR", spelling));
            assertThat(set).as(spelling).isEqualTo(unset);
            assertThat(new CredentialStore(set.credentialsFile()).lock().lockFile()).as(spelling).isEqualTo(lock);
        }
        ConfigPaths other = ConfigPaths.from(new FakeWorld(home).set("CLAUDE_CONFIG_DIR", home + "/work-claude"));
        assertThat(other.globalConfigFile()).isEqualTo(home.resolve("work-claude/.claude.json"));
    }
}
