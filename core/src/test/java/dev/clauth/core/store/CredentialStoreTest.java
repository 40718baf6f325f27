package dev.clauth.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clauth.core.ClauthException;
import dev.clauth.core.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {

    @TempDir
    Path dir;

    static StoredLogin login(String access, String refresh) {
        return new StoredLogin(access, refresh, 1_800_000_000_000L, List.of("user:inference", "user:profile"), "max",
                "default_claude_max_20x", "http://127.0.0.1:8765", "clauth-cli");
    }

    @Test
    void writesTheReferenceShapeAsCompactJsonReadableOnlyByTheOwner() throws Exception {
        Path file = dir.resolve("config/.credentials.json");
        new CredentialStore(file).save(login("clauth_at_1", "clauth_rt_1"));

        assertThat(Files.readString(file)).isEqualTo("{\"claudeAiOauth\":{\"accessToken\":\"clauth_at_1\","
                + "\"refreshToken\":\"clauth_rt_1\",\"expiresAt\":1800000000000,\"scopes\":[\"user:inference\",\"user:profile\"],"
                + "\"subscriptionType\":\"max\",\"rateLimitTier\":\"default_claude_max_20x\","
                + "\"issuer\":\"http://127.0.0.1:8765\",\"clientId\":\"clauth-cli\"}}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(new CredentialStore(file).read()).hasValue(login("clauth_at_1", "clauth_rt_1"));
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(".credentials.json", StoreLock.LOCK_FILE);
        }
    }

    @Test
    void aConfigDirOthersCouldListIsMadeOwnerOnly() throws Exception {
        Path config = dir.resolve("config");
        Files.createDirectories(config);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rwxr-xr-x"));
        new CredentialStore(config.resolve(".credentials.json")).save(login("a", "b"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rwx------");
    }

    @Test
    void keepsOtherTopLevelKeysThroughSaveAndRemove() throws Exception {
        Path file = dir.resolve(".credentials.json");
        Files.writeString(file, "{\"mcpOAuth\":{\"server\":{\"token\":\"keep-me\"}},\"claudeAiOauth\":{\"accessToken\":\"old\"}}");
        CredentialStore store = new CredentialStore(file);
        store.save(login("clauth_at_2", "clauth_rt_2"));
        assertThat(Files.readString(file)).contains("\"mcpOAuth\":{\"server\":{\"token\":\"keep-me\"}}").contains("clauth_at_2");

        assertThat(store.remove()).isTrue();
        assertThat(Files.readString(file)).isEqualTo("{\"mcpOAuth\":{\"server\":{\"token\":\"keep-me\"}}}");
        assertThat(store.read()).isEmpty();
    }

    @Test
    void aSymlinkedStoreIsFollowedAndTheLinkStays() throws Exception {
        Path real = dir.resolve("shared/creds.json");
        Files.createDirectories(real.getParent());
        Files.writeString(real, "{\"other\":1}");
        Path link = dir.resolve("config/.credentials.json");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, real);

        new CredentialStore(link).save(login("clauth_at_3", "clauth_rt_3"));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).contains("clauth_at_3").contains("\"other\":1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real))).isEqualTo("rw-------");
    }

    @Test
    void aCorruptFileGivesOneLineNamingItAndIsLeftUntouched() throws Exception {
        Path file = dir.resolve(".credentials.json");
        Files.writeString(file, "{\"claudeAiOauth\": {\"accessToken\": \"clauth_at_secret\", ");
        CredentialStore store = new CredentialStore(file);

        assertThatThrownBy(store::read).isInstanceOf(ClauthException.class)
                .hasMessage(file + " is not valid JSON; run clauth auth login (it moves the bad file aside)");
        assertThatThrownBy(() -> store.save(login("a", "b"))).isInstanceOf(ClauthException.class);
        assertThatThrownBy(store::remove).isInstanceOf(ClauthException.class);
        assertThat(Files.readString(file)).isEqualTo("{\"claudeAiOauth\": {\"accessToken\": \"clauth_at_secret\", ");

        Files.writeString(file, "{\"claudeAiOauth\":{\"accessToken\":[1],\"expiresAt\":\"x\"}}");
        assertThatThrownBy(store::read).hasMessageContaining("cannot be read").hasMessageNotContaining("\n");
        Files.writeString(file, "[1,2]");
        assertThatThrownBy(store::read).hasMessageContaining("does not hold a JSON object");
    }

    @Test
    void aLooserModeIsReported() throws Exception {
        Path file = dir.resolve(".credentials.json");
        CredentialStore store = new CredentialStore(file);
        store.save(login("a", "b"));
        assertThat(store.permissionWarning()).isEmpty();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(store.permissionWarning()).hasValueSatisfying(w -> assertThat(w).contains(file.toString()).contains("chmod 600"));
    }

    /** How often the watcher lists the directory while the store is written. */
    private static final int LOOKS = 300;

    @Test
    void noFileInTheDirectoryIsEverWiderThanOwnerOnlyWhileWriting() throws Exception {
        Path file = dir.resolve(".credentials.json");
        CredentialStore store = new CredentialStore(file);
        store.save(login("clauth_at_first", "clauth_rt_first"));
        Set<String> seenModes = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger looks = new AtomicInteger();
        Thread watcher = new Thread(() -> {
            while (writing.get()) {
                try (var files = Files.list(dir)) {
                    files.forEach(p -> {
                        try {
                            seenModes.add(p.getFileName().toString().contains(".tmp.") ? "tmp:"
                                    + PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
                                    : PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                        } catch (Exception gone) {
                            // renamed between list and stat
                        }
                    });
                } catch (Exception ignored) {
                    // listing raced a rename
                }
                looks.incrementAndGet();
            }
        });
        watcher.start();
        // Writes go on until the watcher has looked often enough, however slowly it gets its turns.
        long deadline = System.nanoTime() + Poll.SAFETY_NET.toNanos();
        for (int i = 0; looks.get() < LOOKS; i++) {
            store.save(login("clauth_at_" + i, "clauth_rt_" + i));
            if (System.nanoTime() - deadline > 0) {
                writing.set(false);
                throw new AssertionError(Poll.hung("the watcher to look " + LOOKS + " times (it looked " + looks + ")"));
            }
        }
        writing.set(false);
        watcher.join();
        assertThat(seenModes).isNotEmpty().allSatisfy(mode -> assertThat(mode).endsWith("rw-------"));
    }
}
