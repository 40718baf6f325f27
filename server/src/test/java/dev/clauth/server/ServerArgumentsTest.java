package dev.clauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ServerArgumentsTest {

    private static final Path HOME = Path.of("/home/someone");

    @Test
    void defaultsFollowTheContract() {
        ServerArguments args = ServerArguments.parse(List.of(), HOME);
        assertThat(args.port()).isEqualTo(8765);
        assertThat(args.host()).isEqualTo("127.0.0.1");
        assertThat(args.dataDir()).isEqualTo(Path.of("/home/someone/.clauth/server"));
        assertThat(args.jdbcUrl()).startsWith("jdbc:h2:file:/home/someone/.clauth/server/clauth");
    }

    @Test
    void optionsTakeSeparateOrInlineValues() {
        ServerArguments args = ServerArguments.parse(
                List.of("--port", "0", "--data=/tmp/d", "--db", "jdbc:postgresql://db/clauth", "--host", "0.0.0.0"), HOME);
        assertThat(args.port()).isZero();
        assertThat(args.dataDir()).isEqualTo(Path.of("/tmp/d"));
        assertThat(args.jdbcUrl()).isEqualTo("jdbc:postgresql://db/clauth");
        assertThat(args.usesEmbeddedDatabase()).isFalse();
        assertThat(args.springProperties()).containsEntry("server.address", "0.0.0.0").containsEntry("server.port", 0);
    }

    @Test
    void issuerComesFromTheOptionElseTheEnvironment() {
        assertThat(ServerArguments.parse(List.of(), HOME).issuer()).isNull();
        assertThat(ServerArguments.parse(List.of(), HOME).springProperties()).doesNotContainKey(Issuer.PROPERTY);
        assertThat(ServerArguments.parse(List.of(), HOME, java.util.Map.of("CLAUTH_ISSUER", "https://env.example/"))
                .issuer()).isEqualTo("https://env.example");
        ServerArguments both = ServerArguments.parse(List.of("--issuer=https://auth.example/clauth"), HOME,
                java.util.Map.of("CLAUTH_ISSUER", "https://env.example"));
        assertThat(both.issuer()).isEqualTo("https://auth.example/clauth");
        assertThat(both.springProperties()).containsEntry(Issuer.PROPERTY, "https://auth.example/clauth");
        for (String bad : List.of("auth.example", "ftp://auth.example", "https://auth.example/?x=1",
                "https://auth.example/#f", "https://user@auth.example", "http:///path")) {
            assertThatThrownBy(() -> ServerArguments.parse(List.of("--issuer", bad), HOME))
                    .hasMessageStartingWith("--issuer must be an http(s) URL");
        }
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertThatThrownBy(() -> ServerArguments.parse(List.of("--port", "http"), HOME))
                .hasMessage("--port must be a number from 0 to 65535, not 'http'");
        assertThatThrownBy(() -> ServerArguments.parse(List.of("--port", "70000"), HOME))
                .hasMessageStartingWith("--port must be a number");
        assertThatThrownBy(() -> ServerArguments.parse(List.of("--data"), HOME)).hasMessage("--data needs a value");
        assertThatThrownBy(() -> ServerArguments.parse(List.of("--db", "postgres://x"), HOME))
                .hasMessageStartingWith("--db must be a JDBC URL");
        assertThatThrownBy(() -> ServerArguments.parse(List.of("--verbose"), HOME))
                .hasMessageStartingWith("unknown argument --verbose (usage: clauth server");
    }
}
