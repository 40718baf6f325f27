package dev.clauth.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clauth.core.ClauthException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compare-and-swap, move-aside of a corrupt file, and clean-up after killed writers. */
class StoreWritesTest {

    @TempDir
    Path dir;

    private static StoredLogin login(String access, String refresh) {
        return new StoredLogin(access, refresh, 1_900_000_000_000L, List.of("user:inference"), "max", null,
                "http://127.0.0.1:1", "clauth-cli");
    }

    @Test
    void compareAndSwapWritesOnlyOverTheLoginItCameFrom() throws Exception {
        Path file = dir.resolve(".credentials.json");
        CredentialStore store = new CredentialStore(file);
        store.save(login("clauth_at_1", "clauth_rt_1"));

        assertThat(store.replaceIf("clauth_rt_1", login("clauth_at_2", "clauth_rt_2"))).contains(login("clauth_at_2", "clauth_rt_2"));
        assertThat(store.read()).contains(login("clauth_at_2", "clauth_rt_2"));

        String before = Files.readString(file);
        assertThat(store.replaceIf("clauth_rt_1", login("clauth_at_old", "clauth_rt_old")))
                .as("a late writer gets the newer login back").contains(login("clauth_at_2", "clauth_rt_2"));
        assertThat(Files.readString(file)).isEqualTo(before);

        store.remove();
        assertThat(store.replaceIf("clauth_rt_2", login("clauth_at_3", "clauth_rt_3")))
                .as("a logout meanwhile is respected").isEmpty();
        assertThat(store.read()).isEmpty();
    }

    @Test
    void aCorruptFileIsReportedByReadsAndMovedAsideOnlyWhenANewLoginIsSaved() throws Exception {
        Path file = dir.resolve(".credentials.json");
        Files.writeString(file, "{\"claudeAiOauth\": {\"accessToken\": \"clauth_at_secret\", ");
        CredentialStore store = new CredentialStore(file);

        assertThatThrownBy(() -> store.replaceIf("x", login("a", "b"))).as("a refresh never writes over it")
                .isInstanceOf(ClauthException.class);
        assertThat(Files.readString(file)).startsWith("{\"claudeAiOauth\": {");

        Instant now = Instant.parse("2026-11-21T10:15:00Z");
        Path aside = store.saveNewLogin(login("clauth_at_new", "clauth_rt_new"), now).orElseThrow();
        assertThat(aside).isEqualTo(dir.resolve(".credentials.json.corrupt-20261121T101500Z"));
        assertThat(Files.readString(aside)).isEqualTo("{\"claudeAiOauth\": {\"accessToken\": \"clauth_at_secret\", ");
        assertThat(store.read()).contains(login("clauth_at_new", "clauth_rt_new"));

        Files.writeString(file, "[1]");
        assertThat(store.saveNewLogin(login("c", "d"), now)).contains(dir.resolve(".credentials.json.corrupt-20261121T101500Z-1"));
        assertThat(store.saveNewLogin(login("e", "f"), now)).as("a good file is simply updated").isEmpty();
    }

    @Test
    void aCorruptFileWithALooseModeIsMovedAsideOwnerOnlyInAnOwnerOnlyDirectory() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = config.resolve(".credentials.json");
        Files.writeString(file, "{\"claudeAiOauth\": {\"accessToken\": \"clauth_at_secret\", ");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        Path aside = new CredentialStore(file).saveNewLogin(login("a", "b"), Instant.parse("2026-11-21T10:15:00Z"))
                .orElseThrow();

        assertThat(Files.readString(aside)).contains("clauth_at_secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(aside))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aCorruptFileBehindASymlinkIsMovedAsideNextToItsRealFileAndTheLinkStays() throws Exception {
        Path real = dir.resolve("shared/creds.json");
        Files.createDirectories(real.getParent());
        Files.writeString(real, "not json");
        Path link = dir.resolve("config/.credentials.json");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, real);

        Path aside = new CredentialStore(link).saveNewLogin(login("a", "b"), Instant.parse("2026-11-21T10:15:00Z")).orElseThrow();

        assertThat(aside).isEqualTo(real.resolveSibling("creds.json.corrupt-20261121T101500Z"));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).contains("\"accessToken\":\"a\"");
    }

    @Test
    void tempFilesAKilledWriterLeftAreRemovedByTheNextWrite() throws Exception {
        Path file = dir.resolve(".credentials.json");
        Files.writeString(dir.resolve(".credentials.json.tmp.123456"), "{\"half");
        Files.writeString(dir.resolve(".credentials.json.tmp.987"), "");
        Files.writeString(dir.resolve(".claude.json.tmp.1"), "someone else's");

        new CredentialStore(file).save(login("a", "b"));

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(".credentials.json", ".claude.json.tmp.1", StoreLock.LOCK_FILE);
        }
    }
}
