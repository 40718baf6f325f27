package dev.clauth.server;

import java.net.URI;
import java.net.http.HttpRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The real server on a free port, with a real (in-memory H2) database migrated by Flyway and a
 * clock tests can move. Every subclass shares the one running server.
 */
@SpringBootTest(classes = { ClauthServer.class, ServerTest.Clocks.class },
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:clauth-test;DB_CLOSE_DELAY=-1",
                "CLAUTH_BOOTSTRAP_EMAIL=" + ServerTest.EMAIL,
                "CLAUTH_BOOTSTRAP_PASSWORD=" + ServerTest.PASSWORD,
                "CLAUTH_BOOTSTRAP_ORG_NAME=Test Org",
                "CLAUTH_BOOTSTRAP_ORG_TYPE=claude_max" })
public abstract class ServerTest {

    public static final String EMAIL = "owner@example.test";
    public static final String PASSWORD = "correct horse battery staple";

    @LocalServerPort
    protected int port;

    @Autowired
    protected TestClock clock;

    @Autowired
    protected JdbcClient jdbc;

    protected OAuthClient oauth;

    @BeforeEach
    void startClient() {
        clock.reset();
        oauth = new OAuthClient(baseUrl());
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The status of a one-line message sent to the API with an OAuth access token. */
    protected int messagesStatus(String accessToken) {
        return oauth.cliSend(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/messages"))
                .header("Authorization", "Bearer " + accessToken)
                .header("anthropic-beta", "oauth-2025-04-20")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")))
                .statusCode();
    }

    @TestConfiguration
    static class Clocks {

        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }
}
