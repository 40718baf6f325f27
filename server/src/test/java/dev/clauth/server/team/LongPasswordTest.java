package dev.clauth.server.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.clauth.server.OAuthClient;

/**
 * bcrypt reads at most 72 bytes: a longer new password is refused with one plain line (on the
 * invitation page and the password form), never bcrypt's own message, and nothing changes.
 */
class LongPasswordTest extends TeamTest {

    private static final String TOO_LONG_MESSAGE = "Passwords can be at most 72 bytes";
    /** 37 characters, 74 bytes in UTF-8: within any character limit, over bcrypt's. */
    private static final String ACCENTED = "é".repeat(37);
    private static final String EXACTLY_72 = "x".repeat(72);

    @Test
    void invitationRefusesAPasswordOver72BytesAndAccepts72() {
        Person owner = newOrganization("claude_team");
        String email = "long-" + UUID.randomUUID() + "@example.test";
        String link = linkFor(invite(owner, email, "developer"), email);
        for (String tooLong : new String[] { "y".repeat(73), ACCENTED, "z".repeat(200) }) {
            HttpResponse<String> refused = accept(link, tooLong);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains(TOO_LONG_MESSAGE).doesNotContain("cannot be more than");
        }
        // the link was not used up, and 72 bytes are fine
        HttpResponse<String> joined = accept(link, EXACTLY_72);
        assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
        signedIn(email, EXACTLY_72, owner.org());
    }

    @Test
    void passwordFormRefusesAPasswordOver72BytesAndKeepsTheOldOne() {
        Person owner = newOrganization("claude_team");
        HttpResponse<String> refused = owner.post("/console/password",
                Map.of("current", PASSWORD, "password", ACCENTED, "confirm", ACCENTED));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains(TOO_LONG_MESSAGE).doesNotContain("cannot be more than");
        assertThat(OAuthClient.location(new OAuthClient(baseUrl()).signIn(owner.email(), PASSWORD)))
                .doesNotContain("error");
    }
}
