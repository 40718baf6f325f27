package dev.clauth.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalConfigTest {

    @TempDir
    Path dir;

    @Test
    void storesTheAccountPrettyPrintedOwnerOnlyAndKeepsOtherKeys() throws Exception {
        Path file = dir.resolve(".claude.json");
        Files.writeString(file, "{\"numStartups\":7,\"projects\":{\"/x\":{}}}");
        GlobalConfig config = new GlobalConfig(file);
        OAuthAccount account = new OAuthAccount("acc", "a@b.c", "org", "Org", "A", "stripe", null, null);
        config.saveOAuthAccount(account);

        String text = Files.readString(file);
        assertThat(text).contains("\n").contains("\"numStartups\" : 7").contains("\"emailAddress\" : \"a@b.c\"")
                .doesNotContain("organizationRole");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(config.oauthAccount()).hasValue(account);
    }

    @Test
    void aConsoleKeyIsStoredAndApprovedByItsLast20Characters() throws Exception {
        GlobalConfig config = new GlobalConfig(dir.resolve(".claude.json"));
        config.savePrimaryApiKey("clauth_sk_0123456789abcdefghijklmnop");
        config.savePrimaryApiKey("clauth_sk_0123456789abcdefghijklmnop");
        assertThat(config.primaryApiKey()).hasValue("clauth_sk_0123456789abcdefghijklmnop");
        assertThat(Files.readString(dir.resolve(".claude.json")).replaceAll("\\s", ""))
                .contains("\"customApiKeyResponses\":{\"approved\":[\"6789abcdefghijklmnop\"],\"rejected\":[]}");
    }

    @Test
    void removingTheLoginKeepsEverythingElse() throws Exception {
        Path file = dir.resolve(".claude.json");
        Files.writeString(file, "{\"theme\":\"dark\",\"oauthAccount\":{\"emailAddress\":\"a@b.c\"},\"primaryApiKey\":\"k\","
                + "\"customApiKeyResponses\":{\"approved\":[\"x\"],\"rejected\":[]}}");
        GlobalConfig config = new GlobalConfig(file);
        assertThat(config.removeLogin()).isTrue();
        String text = Files.readString(file).replaceAll("\\s", "");
        assertThat(text).isEqualTo("{\"theme\":\"dark\",\"customApiKeyResponses\":{\"approved\":[\"x\"],\"rejected\":[]}}");
        assertThat(config.removeLogin()).isFalse();
    }
}
