package dev.clauth.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clauth.core.testing.FakeWorld;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigTest {

    private final Path home = Path.of("/home/someone");

    @Test
    void defaultsAreUnderHome() {
        ConfigPaths paths = ConfigPaths.from(new FakeWorld(home));
        assertThat(paths.credentialsFile()).isEqualTo(home.resolve(".claude/.credentials.json"));
        assertThat(paths.globalConfigFile()).isEqualTo(home.resolve(".claude.json"));
    }

    @Test
    void configDirMovesBothFiles() {
        ConfigPaths paths = ConfigPaths.from(new FakeWorld(home).set("CLAUDE_CONFIG_DIR", "/etc/clauth/"));
        assertThat(paths.credentialsFile()).isEqualTo(Path.of("/etc/clauth/.credentials.json"));
        assertThat(paths.globalConfigFile()).isEqualTo(Path.of("/etc/clauth/.claude.json"));
        assertThat(ConfigPaths.from(new FakeWorld(home).set("CLAUDE_CONFIG_DIR", "~/cfg")).configDir())
                .isEqualTo(home.resolve("cfg"));
    }

    @Test
    void serversDefaultToTheLocalClauthServer() {
        ServerLocations servers = ServerLocations.from(new FakeWorld(home));
        assertThat(servers.oauthBase()).isEqualTo(URI.create("http://127.0.0.1:8765"));
        assertThat(servers.apiBase()).isEqualTo(URI.create("http://127.0.0.1:8765"));
        assertThat(servers.clientId()).isEqualTo("clauth-cli");
    }

    @Test
    void serversComeFromTheEnvironmentAndBadValuesAreOneLine() {
        ServerLocations servers = ServerLocations.from(new FakeWorld(home)
                .set("CLAUDE_CODE_CUSTOM_OAUTH_URL", "https://auth.example/")
                .set("ANTHROPIC_BASE_URL", "https://api.example")
                .set("CLAUDE_CODE_OAUTH_CLIENT_ID", "other"));
        assertThat(servers.oauthBase()).isEqualTo(URI.create("https://auth.example"));
        assertThat(servers.isIssuer("https://auth.example/")).isTrue();
        assertThat(servers.isIssuer("https://evil.example")).isFalse();
        assertThat(servers.apiBase()).isEqualTo(URI.create("https://api.example"));
        assertThat(servers.clientId()).isEqualTo("other");
        assertThatThrownBy(() -> ServerLocations.from(new FakeWorld(home).set("ANTHROPIC_BASE_URL", "ftp://x")))
                .hasMessage("ANTHROPIC_BASE_URL is not a valid http(s) URL; fix or unset it");
    }
}
