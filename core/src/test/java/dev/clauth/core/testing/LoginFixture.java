package dev.clauth.core.testing;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;

/**
 * A login about to happen: a stand-in auth server, a world in {@code home} pointed at it (config under
 * {@code home/config}, {@code $BROWSER} set), a stand-in browser, and a keyboard piped to the world's stdin.
 */
public final class LoginFixture implements AutoCloseable {

    public final AuthServerStandIn server;
    public final FakeWorld world;
    public final BrowserStandIn browser = new BrowserStandIn();
    /** What is written here is what the login reads from its stdin. */
    public final PipedOutputStream keyboard;

    public LoginFixture(Path home) throws IOException {
        server = new AuthServerStandIn();
        world = new FakeWorld(home)
                .set("CLAUDE_CONFIG_DIR", home.resolve("config").toString())
                .set("CLAUDE_CODE_CUSTOM_OAUTH_URL", server.base())
                .set("BROWSER", "browser");
        keyboard = new PipedOutputStream();
        world.setStdin(new PipedInputStream(keyboard));
    }

    @Override
    public void close() throws IOException {
        keyboard.close();
        server.close();
    }
}
