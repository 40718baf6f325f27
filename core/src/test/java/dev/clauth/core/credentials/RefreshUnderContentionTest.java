package dev.clauth.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clauth.core.ClauthException;
import dev.clauth.core.config.ServerLocations;
import dev.clauth.core.store.ChildJava;
import dev.clauth.core.store.LockHolderMain;
import dev.clauth.core.store.StoredLogin;
import dev.clauth.core.testing.LoggedInFixture;
import dev.clauth.core.testing.StandInServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Refresh when other processes share the login: re-reads, compare-and-swap, invalid_grant, backoff. */
class RefreshUnderContentionTest {

    private final LoggedInFixture fixture = new LoggedInFixture();
    private final List<Long> sleeps = new CopyOnWriteArrayList<>();
    private final RefreshBackoff recordedBackoff = new RefreshBackoff(Duration.ofMillis(250), Duration.ofSeconds(4), 4,
            () -> 1.0, sleeps::add);

    RefreshUnderContentionTest() throws java.io.IOException {
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private TokenRefresher refresher() {
        return new TokenRefresher(fixture.store(), ServerLocations.from(fixture.world), fixture.world.clock(), recordedBackoff);
    }

    private Path credentialsFile() {
        return fixture.configDir.resolve(".credentials.json");
    }

    private StoredLogin other(String n) {
        return new StoredLogin("clauth_at_" + n, "clauth_rt_" + n, fixture.world.now().plus(Duration.ofHours(8)).toEpochMilli(),
                List.of("user:inference"), "max", null, fixture.server.base(), "clauth-cli");
    }

    /** What another process would write, bypassing this JVM's locks (as a writer of another program could). */
    private void writeBehindOurBack(StoredLogin login) {
        try {
            Files.writeString(credentialsFile(), "{\"claudeAiOauth\":" + new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsString(login) + "}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void afterA401TheStoreIsReadFirstAndAnotherProcesssRotationIsUsedWithoutARefresh() {
        fixture.storeLogin(Duration.ofHours(1));
        TokenRefresher refresher = refresher();
        assertThat(refresher.current().accessToken()).isEqualTo(LoggedInFixture.ACCESS);
        fixture.store().save(other("rotated"));

        assertThat(refresher.afterRejection(LoggedInFixture.ACCESS)).hasValueSatisfying(
                l -> assertThat(l.accessToken()).isEqualTo("clauth_at_rotated"));
        assertThat(fixture.server.refreshGrants).hasValue(0);
    }

    @Test
    void invalidGrantBecauseAnotherProcessRotatedFirstIsNotALogout() throws Exception {
        fixture.storeLogin(Duration.ZERO);
        fixture.server.http.on("POST", "/v1/oauth/token", r -> {
            writeBehindOurBack(other("winner"));
            return Reply.json(400, "{\"error\":\"invalid_grant\"}");
        });

        assertThat(refresher().current().accessToken()).isEqualTo("clauth_at_winner");
        assertThat(fixture.store().read().orElseThrow().refreshToken()).isEqualTo("clauth_rt_winner");
    }

    @Test
    void aLoginReallyGoneIsSaidOnceTheTokenIsNotSentAgainAndTheFileStays() throws Exception {
        fixture.storeLogin(Duration.ZERO);
        fixture.server.validRefreshTokens.clear();
        String before = Files.readString(credentialsFile());
        TokenRefresher refresher = refresher();

        assertThatThrownBy(refresher::current).isInstanceOf(NotLoggedInException.class)
                .hasMessage(TokenRefresher.REFRESH_TOKEN_INVALID);
        assertThatThrownBy(refresher::current).isInstanceOf(NotLoggedInException.class);
        assertThat(fixture.server.refreshGrants).as("the refused token is sent once").hasValue(1);
        assertThat(Files.readString(credentialsFile())).isEqualTo(before);
    }

    @Test
    void newerTokensWrittenDuringOurRequestAreNeverOverwritten() {
        fixture.storeLogin(Duration.ZERO);
        fixture.server.http.on("POST", "/v1/oauth/token", r -> {
            writeBehindOurBack(other("newer"));
            return fixture.server.issue();
        });

        StoredLogin got = refresher().current();

        assertThat(got.accessToken()).as("the newer tokens win").isEqualTo("clauth_at_newer");
        assertThat(fixture.store().read().orElseThrow().refreshToken()).isEqualTo("clauth_rt_newer");
    }

    @Test
    void anExpiredTokenIsRefreshedAgainAfterPassingFailuresWithGrowingJitteredPauses() {
        fixture.storeLogin(Duration.ofMinutes(-1));
        AtomicInteger calls = new AtomicInteger();
        fixture.server.http.on("POST", "/v1/oauth/token", r -> calls.incrementAndGet() <= 2
                ? Reply.json(503, "{\"error\":\"temporarily_unavailable\"}")
                : fixture.server.issue());

        assertThat(refresher().current().accessToken()).startsWith("clauth_at_test_");
        assertThat(calls).hasValue(3);
        assertThat(sleeps).containsExactly(312L, 625L);
    }

    @Test
    void retriesAreBounded() {
        fixture.storeLogin(Duration.ofMinutes(-1));
        AtomicInteger calls = new AtomicInteger();
        fixture.server.http.on("POST", "/v1/oauth/token", r -> {
            calls.incrementAndGet();
            return Reply.json(502, "{}");
        });

        assertThatThrownBy(() -> refresher().current()).isInstanceOf(ClauthException.class)
                .hasMessageStartingWith("Token refresh failed (502)");
        assertThat(calls).hasValue(4);
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void whileTheTokenStillWorksAPassingFailureIsRetriedOnlyAfterTheBackoff() {
        fixture.storeLogin(Duration.ofMinutes(2));
        AtomicInteger calls = new AtomicInteger();
        fixture.server.http.on("POST", "/v1/oauth/token", r -> {
            calls.incrementAndGet();
            return Reply.json(503, "{}");
        });
        TokenRefresher refresher = refresher();

        assertThat(refresher.current().accessToken()).isEqualTo(LoggedInFixture.ACCESS);
        assertThat(refresher.current().accessToken()).isEqualTo(LoggedInFixture.ACCESS);
        assertThat(calls).as("second call inside the cool-down").hasValue(1);
        assertThat(sleeps).as("nobody slept").isEmpty();

        fixture.world.setNow(fixture.world.now().plusSeconds(1));
        assertThat(refresher.current().accessToken()).isEqualTo(LoggedInFixture.ACCESS);
        assertThat(calls).hasValue(2);
    }

    @Test
    void anUnreachableServerIsAPassingFailure() {
        fixture.storeLogin(Duration.ofMinutes(2));
        fixture.server.close();

        assertThat(refresher().current().accessToken()).isEqualTo(LoggedInFixture.ACCESS);
    }

    @Test
    void whileAnotherProcessHoldsTheLockAStillWorkingTokenIsUsedWithoutWaitingLong() throws Exception {
        fixture.storeLogin(Duration.ofMinutes(2));
        TokenRefresher refresher = refresher();
        Process holder = ChildJava.start(LockHolderMain.class, credentialsFile().toString());
        try {
            ChildJava.awaitLine(holder, "locked");
            assertThat(refresher.current().accessToken()).isEqualTo(LoggedInFixture.ACCESS);
            // the wait for the holder is slept through the world, whose clock it moves: measured there
            long waitedMs = fixture.world.slept.stream().mapToLong(Duration::toMillis).sum();
            assertThat(waitedMs).as("waited for the holder no longer than the short wait (then one pause of the lock)")
                    .isLessThanOrEqualTo(TokenRefresher.BUSY_WAIT.toMillis() + 40);
            assertThat(fixture.server.refreshGrants).hasValue(0);
        } finally {
            ChildJava.kill9(holder);
        }
    }
}
