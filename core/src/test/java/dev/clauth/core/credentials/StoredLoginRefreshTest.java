package dev.clauth.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clauth.core.ClauthException;
import dev.clauth.core.store.StoredLogin;
import dev.clauth.core.testing.AuthServerStandIn;
import dev.clauth.core.testing.LoggedInFixture;
import dev.clauth.core.testing.StandInServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoredLoginRefreshTest {

    private final LoggedInFixture fixture = new LoggedInFixture();

    StoredLoginRefreshTest() throws java.io.IOException {
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private CredentialProvider provider() {
        return fixture.clauth().resolver().resolve().require();
    }

    private Path credentialsFile() {
        return fixture.configDir.resolve(".credentials.json");
    }

    @Test
    void aTokenValidForMoreThanFiveMinutesIsUsedAsIs() {
        fixture.storeLogin(Duration.ofMinutes(6));
        Credential credential = provider().credential();
        assertThat(credential).isEqualTo(new Credential(Credential.Kind.OAUTH_TOKEN, LoggedInFixture.ACCESS));
        assertThat(fixture.server.http.requestsTo("/v1/oauth/token")).isEmpty();
    }

    @Test
    void aTokenExpiringWithinFiveMinutesIsRefreshedFirstAndTheRotationIsStored() throws Exception {
        Files.createDirectories(fixture.configDir);
        Files.writeString(credentialsFile(), "{\"otherTool\":{\"keep\":true}}");
        fixture.storeLogin(Duration.ofMinutes(5));

        Credential credential = provider().credential();

        assertThat(credential.secret()).isEqualTo("clauth_at_test_1");
        assertThat(fixture.server.http.requestsTo("/v1/oauth/token").get(0).form())
                .containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", LoggedInFixture.REFRESH)
                .containsEntry("client_id", "clauth-cli").containsEntry("scope", "user:inference user:profile");
        StoredLogin stored = fixture.store().read().orElseThrow();
        assertThat(stored.accessToken()).isEqualTo("clauth_at_test_1");
        assertThat(stored.refreshToken()).isEqualTo("clauth_rt_test_1");
        assertThat(stored.expiresAt()).isEqualTo(fixture.world.now().toEpochMilli() + 28_800_000L);
        assertThat(stored.issuer()).isEqualTo(fixture.server.base());
        assertThat(Files.readString(credentialsFile())).contains("\"otherTool\":{\"keep\":true}");
    }

    @Test
    void tokensAnotherProcessAlreadyRotatedAreUsedWithoutARequest() {
        fixture.storeLogin(Duration.ofMinutes(1));
        CredentialProvider provider = provider();
        StoredLogin rotated = new StoredLogin("clauth_at_other", "clauth_rt_other",
                fixture.world.now().plus(Duration.ofHours(8)).toEpochMilli(), List.of("user:inference"), "max", null,
                fixture.server.base(), "clauth-cli");
        fixture.store().save(rotated);

        assertThat(provider.credential().secret()).isEqualTo("clauth_at_other");
        assertThat(fixture.server.refreshGrants).hasValue(0);
    }

    @Test
    void aRefusedRefreshTokenSaysToLogInAgainAndLeavesTheFileAsItWas() throws Exception {
        fixture.storeLogin(Duration.ofMinutes(1));
        fixture.server.validRefreshTokens.clear();
        String before = Files.readString(credentialsFile());

        assertThatThrownBy(() -> provider().credential()).isInstanceOf(NotLoggedInException.class)
                .hasMessage("OAuth refresh token is no longer valid; run clauth auth login to re-authenticate");
        assertThat(Files.readString(credentialsFile())).isEqualTo(before);
    }

    @Test
    void aTransientFailureKeepsTheTokenWhileItIsStillValid() throws Exception {
        fixture.storeLogin(Duration.ofMinutes(2));
        fixture.server.http.on("POST", "/v1/oauth/token", r -> Reply.json(503, "{\"error\":\"temporarily_unavailable\"}"));
        String before = Files.readString(credentialsFile());

        assertThat(provider().credential().secret()).isEqualTo(LoggedInFixture.ACCESS);
        assertThat(Files.readString(credentialsFile())).isEqualTo(before);

        fixture.world.setNow(fixture.world.now().plus(Duration.ofMinutes(3)));
        assertThatThrownBy(() -> provider().credential()).isInstanceOf(ClauthException.class)
                .hasMessageStartingWith("Token refresh failed (503): temporarily_unavailable");
        assertThat(Files.readString(credentialsFile())).isEqualTo(before);
    }

    @Test
    void manyThreadsShareOneRefresh() throws Exception {
        fixture.storeLogin(Duration.ZERO);
        CredentialProvider provider = provider();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    seen.add(provider.credential().secret());
                } catch (InterruptedException ignored) {
                    // ends the thread
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(fixture.server.refreshGrants).hasValue(1);
        assertThat(seen).containsExactly("clauth_at_test_1");
    }

    @Test
    void aLoginFromAnotherIssuerIsNeitherUsedNorRefreshedThere() throws Exception {
        try (AuthServerStandIn other = new AuthServerStandIn()) {
            fixture.storeLogin(Duration.ZERO, other.base());
            Resolution resolution = fixture.clauth().resolver().resolve();

            assertThat(resolution.chosen()).isEmpty();
            assertThat(resolution.explanation()).anySatisfy(line -> assertThat(line)
                    .contains("is for " + other.base() + ", not the configured " + fixture.server.base()));
            assertThatThrownBy(resolution::require).isInstanceOf(NotLoggedInException.class)
                    .hasMessageContaining("clauth auth login");
            assertThat(fixture.server.http.requests).isEmpty();
            assertThat(other.http.requests).isEmpty();
        }
    }
}
