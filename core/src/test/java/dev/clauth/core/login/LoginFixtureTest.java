package dev.clauth.core.login;

import dev.clauth.core.testing.AuthServerStandIn;
import dev.clauth.core.testing.BrowserStandIn;
import dev.clauth.core.testing.FakeWorld;
import dev.clauth.core.testing.LoginFixture;
import java.io.IOException;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The login tests' shared set-up: a fresh {@link LoginFixture} in a temporary home for each test. */
abstract class LoginFixtureTest {

    @TempDir
    Path home;

    LoginFixture fixture;
    AuthServerStandIn server;
    FakeWorld world;
    BrowserStandIn browser;
    PipedOutputStream keyboard;

    @BeforeEach
    void setUpFixture() throws IOException {
        fixture = new LoginFixture(home);
        server = fixture.server;
        world = fixture.world;
        browser = fixture.browser;
        keyboard = fixture.keyboard;
    }

    @AfterEach
    void closeFixture() throws IOException {
        fixture.close();
    }
}
