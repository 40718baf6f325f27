package dev.clauth.server;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@link ConcurrentGrantsTest} against PostgreSQL, the database for more than one instance:
 * the row locks that make grants atomic must hold there too. Runs when
 * {@code CLAUTH_TEST_POSTGRES_URL} names an empty (or earlier test) database, e.g.
 * {@code jdbc:postgresql://127.0.0.1:55432/clauth_test?user=clauth}; skipped otherwise.
 */
@EnabledIfEnvironmentVariable(named = "CLAUTH_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
@SpringBootTest(classes = { ClauthServer.class, ServerTest.Clocks.class },
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=${CLAUTH_TEST_POSTGRES_URL}",
                "spring.datasource.username=",
                "CLAUTH_BOOTSTRAP_EMAIL=" + ServerTest.EMAIL,
                "CLAUTH_BOOTSTRAP_PASSWORD=" + ServerTest.PASSWORD,
                "CLAUTH_BOOTSTRAP_ORG_NAME=Test Org",
                "CLAUTH_BOOTSTRAP_ORG_TYPE=claude_max" })
class PostgresGrantsTest extends ConcurrentGrantsTest {
}
