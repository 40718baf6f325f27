package dev.clauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.clauth.server.account.AccountStore;
import dev.clauth.server.oauth.TokenHash;
import dev.clauth.server.signin.LoginThrottle;

/**
 * Two servers on one PostgreSQL database, as several instances run: the sign-in brakes are
 * shared, so failures on one instance count on the other, a block holds on both, concurrent
 * failures on both are all counted, and a success on one clears the count for both. Runs when
 * {@code CLAUTH_TEST_POSTGRES_URL} names a database (see {@link PostgresGrantsTest}); skipped otherwise.
 */
@EnabledIfEnvironmentVariable(named = "CLAUTH_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class PostgresThrottlesTest {

    private static final String PASSWORD = "a long enough password";

    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void startTwoServers() {
        first = start();
        second = start();
    }

    @AfterAll
    static void stopServers() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @BeforeEach
    void releaseBrakesAndFreezeTheClocks() {
        releaseBrakes();
        // both servers' clocks stand at one instant: a block lasts its minute however slow the requests are
        Instant now = Instant.now();
        for (ConfigurableApplicationContext server : List.of(first, second)) {
            server.getBean(TestClock.class).freeze(now);
        }
    }

    @AfterEach
    void releaseBrakes() {
        first.getBean(LoginThrottle.class).reset();
        for (ConfigurableApplicationContext server : List.of(first, second)) {
            server.getBean(TestClock.class).reset();
        }
    }

    @Test
    void failuresOnOneInstanceBrakeSignInOnTheOther() {
        String email = newAccount();
        int limit = first.getBean(LoginThrottle.class).accountLimit();
        assertThat(second.getBean(LoginThrottle.class).accountLimit()).isEqualTo(limit);
        for (int i = 0; i < limit; i++) {
            ConfigurableApplicationContext server = i % 2 == 0 ? first : second;
            assertThat(OAuthClient.location(signIn(server, email, "guess " + i))).endsWith("/login?error");
        }
        // the block holds on both, for the right password as for an unknown account
        assertThat(OAuthClient.location(signIn(first, email, PASSWORD))).endsWith("/login?throttled");
        assertThat(OAuthClient.location(signIn(second, email, PASSWORD))).endsWith("/login?throttled");

        // not for good: a minute later either instance lets the owner in, and a success clears both
        shiftClocks(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(OAuthClient.location(signIn(second, email, PASSWORD))).doesNotContain("error").doesNotContain("throttled");
        for (int i = 0; i < limit - 1; i++) {
            signIn(i % 2 == 0 ? first : second, email, "guess " + i);
        }
        assertThat(OAuthClient.location(signIn(first, email, PASSWORD))).doesNotContain("throttled");
    }

    @Test
    void sprayingAccountsFromOneAddressOnOneInstanceBrakesTheOther() {
        String email = newAccount();
        int limit = first.getBean(LoginThrottle.class).addressLimit();
        for (int i = 0; i < limit; i++) {
            signIn(first, "spray-" + i + "-" + email, "guess");
        }
        assertThat(OAuthClient.location(signIn(second, email, PASSWORD))).endsWith("/login?throttled");
        shiftClocks(Duration.ofMinutes(2));
        assertThat(OAuthClient.location(signIn(second, email, PASSWORD))).doesNotContain("throttled");
    }

    @Test
    void concurrentFailuresOnBothInstancesAreAllCounted() throws Exception {
        String email = newAccount();
        int failures = first.getBean(LoginThrottle.class).accountLimit() - 1;
        ExecutorService pool = Executors.newFixedThreadPool(failures);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < failures; i++) {
                ConfigurableApplicationContext server = i % 2 == 0 ? first : second;
                String guess = "guess " + i;
                answers.add(pool.submit(() -> signIn(server, email, guess)));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                assertThat(OAuthClient.location(answer.get())).endsWith("/login?error");
            }
        } finally {
            pool.shutdownNow();
        }
        JdbcClient jdbc = first.getBean(JdbcClient.class);
        assertThat(jdbc.sql("SELECT failures FROM throttle WHERE key_hash = ?")
                .param(TokenHash.of("password:account:" + email)).query(Integer.class).single()).isEqualTo(failures);
        // one more, on either instance, is the block
        signIn(second, email, "one more");
        assertThat(OAuthClient.location(signIn(first, email, PASSWORD))).endsWith("/login?throttled");
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(ClauthServer.class, ServerTest.Clocks.class)
                .properties("server.port=0",
                        "spring.datasource.url=" + System.getenv("CLAUTH_TEST_POSTGRES_URL"),
                        "spring.datasource.username=",
                        "CLAUTH_BOOTSTRAP_EMAIL=" + ServerTest.EMAIL,
                        "CLAUTH_BOOTSTRAP_PASSWORD=" + ServerTest.PASSWORD,
                        "CLAUTH_BOOTSTRAP_ORG_NAME=Test Org",
                        "CLAUTH_BOOTSTRAP_ORG_TYPE=claude_max")
                .run();
    }

    private static String newAccount() {
        String email = "throttle-" + UUID.randomUUID() + "@example.test";
        first.getBean(AccountStore.class).createOrganizationWithOwner(email,
                first.getBean(PasswordEncoder.class).encode(PASSWORD), "Throttled org", "console");
        return email;
    }

    private static HttpResponse<String> signIn(ConfigurableApplicationContext server, String email, String password) {
        int port = ((WebServerApplicationContext) server).getWebServer().getPort();
        HttpResponse<String> answer = new OAuthClient("http://127.0.0.1:" + port).signIn(email, password);
        assertThat(answer.statusCode()).isEqualTo(302);
        return answer;
    }

    private static void shiftClocks(Duration by) {
        for (ConfigurableApplicationContext server : List.of(first, second)) {
            server.getBean(TestClock.class).shift(by);
        }
    }
}
