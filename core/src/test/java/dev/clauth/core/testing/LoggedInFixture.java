package dev.clauth.core.testing;

import dev.clauth.core.Clauth;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.StoredLogin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A stand-in server and a world whose config dir holds a login issued by that server. */
public final class LoggedInFixture implements AutoCloseable {

    public static final String ACCESS = "clauth_at_seed";
    public static final String REFRESH = "clauth_rt_seed";

    public final AuthServerStandIn server;
    public final FakeWorld world;
    public final Path configDir;

    private final Path home;

    /** A fresh home in a temp dir, deleted by {@link #close()}. */
    public LoggedInFixture() throws IOException {
        this(Files.createTempDirectory("clauth-home"));
    }

    private LoggedInFixture(Path home) throws IOException {
        this.home = home;
        server = new AuthServerStandIn();
        configDir = home.resolve("config");
        world = new FakeWorld(home)
                .set("CLAUDE_CONFIG_DIR", configDir.toString())
                .set("CLAUDE_CODE_CUSTOM_OAUTH_URL", server.base())
                .set("ANTHROPIC_BASE_URL", server.base());
        SecretLedger.record(ACCESS, REFRESH);
        server.validAccessTokens.add(ACCESS);
        server.validRefreshTokens.add(REFRESH);
    }

    public Clauth clauth() {
        return new Clauth(world);
    }

    public CredentialStore store() {
        return clauth().credentialStore();
    }

    /** Stores the seed login, expiring {@code in} from the world's now, issued by {@code issuer}. */
    public StoredLogin storeLogin(Duration in, String issuer) {
        StoredLogin login = new StoredLogin(ACCESS, REFRESH, world.now().plus(in).toEpochMilli(),
                List.of("user:inference", "user:profile"), "max", null, issuer, "clauth-cli");
        store().save(login);
        return login;
    }

    public StoredLogin storeLogin(Duration in) {
        return storeLogin(in, server.base());
    }

    @Override
    public void close() {
        server.close();
        try (var paths = Files.walk(home)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
