package dev.clauth.server.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.clauth.server.OAuthClient;
import dev.clauth.server.throttle.Guess;
import dev.clauth.server.throttle.Throttles;

/**
 * The brakes beyond the sign-in form, on the same shared counters: device user codes on the
 * verification page (per signed-in account and per address), accepting an invitation as an
 * existing account and the password form (counted with sign-in, per account and address).
 */
class GuessingBrakesTest extends TeamTest {

    private static final String INVALID = "/oauth/device?error=invalid_code";
    private static final String THROTTLED = "/oauth/device?error=throttled";

    @Autowired
    Throttles throttles;

    @AfterEach
    void releaseBrakes() {
        throttle.reset();
    }

    @Test
    void everyCodeThatIsNotValidGetsOneAnswerAndGuessingIsBrakedPerAccountNotForGood() {
        clock.freeze(); // a block lasts its minute on the server's clock, however slow the requests are
        Person guesser = newOrganization("console");
        Person someoneElse = newOrganization("console");
        String approved = startDevice();
        assertThat(decide(someoneElse, approved, "approve")).contains("?done=approved");
        String denied = startDevice();
        assertThat(decide(someoneElse, denied, "deny")).contains("?done=denied");
        clock.shift(Duration.ofSeconds(-601));
        String expired = startDevice();
        clock.shift(Duration.ofSeconds(601));

        List<String> pages = new ArrayList<>();
        for (String code : List.of("BCDF-GHJK", expired, approved, denied, "not a code")) {
            HttpResponse<String> answer = enterCode(guesser, code);
            assertThat(answer.statusCode()).as(code).isEqualTo(302);
            assertThat(OAuthClient.location(answer)).as(code).endsWith(INVALID);
            HttpResponse<String> page = guesser.get(OAuthClient.location(answer));
            assertThat(page.statusCode()).isEqualTo(400);
            pages.add(withoutCsrf(page.body()));
        }
        assertThat(pages).as("the same page for unknown, expired, approved, denied and malformed codes")
                .containsOnly(pages.get(0));

        for (int i = 5; i < throttles.accountLimit(Guess.DEVICE_CODE); i++) {
            assertThat(OAuthClient.location(enterCode(guesser, "BCDF-GH" + (char) ('A' + i) + "K"))).endsWith(INVALID);
        }
        // braked: even a right code is not looked up, and stays valid for its owner
        String right = startDevice();
        HttpResponse<String> braked = enterCode(guesser, right);
        assertThat(OAuthClient.location(braked)).endsWith(THROTTLED);
        HttpResponse<String> page = guesser.get(OAuthClient.location(braked));
        assertThat(page.statusCode()).isEqualTo(429);
        assertThat(Jsoup.parse(page.body()).getElementById("throttled").text()).contains("Too many wrong codes");
        assertThat(OAuthClient.location(enterCode(someoneElse, right))).as("another account, same address")
                .contains("/oauth/consent");

        clock.shift(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(OAuthClient.location(enterCode(guesser, startDevice()))).contains("/oauth/consent");
    }

    @Test
    void guessingCodesFromOneAddressIsBrakedAcrossAccounts() {
        clock.freeze(); // a block lasts its minute on the server's clock, however slow the requests are
        int perAccount = throttles.accountLimit(Guess.DEVICE_CODE);
        int accounts = (throttles.addressLimit(Guess.DEVICE_CODE) + perAccount - 1) / perAccount;
        for (int a = 0; a < accounts; a++) {
            Person guesser = newOrganization("console");
            for (int i = 0; i < perAccount; i++) {
                assertThat(OAuthClient.location(enterCode(guesser, "BCDF-GHJK"))).endsWith(INVALID);
            }
        }
        Person fresh = newOrganization("console");
        String code = startDevice();
        assertThat(OAuthClient.location(enterCode(fresh, code))).endsWith(THROTTLED);
        clock.shift(Duration.ofMinutes(2));
        assertThat(OAuthClient.location(enterCode(fresh, code))).contains("/oauth/consent");
    }

    @Test
    void acceptingAnInvitationWithAnAccountsPasswordIsBrakedTogetherWithSignIn() {
        clock.freeze(); // a block lasts its minute on the server's clock, however slow the requests are
        Person owner = newOrganization("console");
        Person existing = newOrganization("console");
        String link = linkFor(invite(owner, existing.email(), "developer"), existing.email());
        // failures at sign-in and at the invitation count together
        new OAuthClient(baseUrl()).signIn(existing.email(), "guess at sign-in");
        for (int i = 1; i < throttle.accountLimit(); i++) {
            HttpResponse<String> wrong = accept(link, "guess " + i);
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(wrong.body()).contains("not the password");
        }
        HttpResponse<String> braked = accept(link, PASSWORD);
        assertThat(braked.statusCode()).isEqualTo(429);
        assertThat(braked.headers().firstValue("Retry-After")).isPresent();
        assertThat(Jsoup.parse(braked.body()).text()).contains("Too many failed attempts");
        assertThat(memberCount(owner, existing)).isZero();
        assertThat(OAuthClient.location(new OAuthClient(baseUrl()).signIn(existing.email(), PASSWORD)))
                .endsWith("/login?throttled");

        clock.shift(Duration.ofMinutes(1).plusSeconds(1));
        HttpResponse<String> joined = accept(link, PASSWORD);
        assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
        assertThat(memberCount(owner, existing)).isEqualTo(1);
    }

    @Test
    void thePasswordFormIsBrakedPerAccount() {
        clock.freeze(); // a block lasts its minute on the server's clock, however slow the requests are
        Person person = newOrganization("console");
        String replacement = "another long enough password";
        for (int i = 0; i < throttle.accountLimit(); i++) {
            HttpResponse<String> wrong = changePassword(person, "guess " + i, replacement);
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(Jsoup.parse(wrong.body()).getElementById("message").text()).contains("not right");
        }
        HttpResponse<String> braked = changePassword(person, PASSWORD, replacement);
        assertThat(braked.statusCode()).isEqualTo(429);
        assertThat(Jsoup.parse(braked.body()).getElementById("message").text()).contains("Too many failed attempts");
        assertThat(passwords.matches(PASSWORD, passwordHash(person))).as("unchanged").isTrue();

        clock.shift(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(changePassword(person, PASSWORD, replacement).statusCode()).isEqualTo(302);
        signedIn(person.email(), replacement, person.org());
    }

    private HttpResponse<String> changePassword(Person person, String current, String replacement) {
        return person.submit("/console/password", "change-password",
                Map.of("current", current, "password", replacement, "confirm", replacement));
    }

    private long memberCount(Person owner, Person member) {
        return jdbc.sql("SELECT COUNT(*) FROM membership WHERE organization_uuid = ? AND account_uuid = ?")
                .params(owner.org(), memberUuid(member.email())).query(Long.class).single();
    }

    private String passwordHash(Person person) {
        return jdbc.sql("SELECT password_hash FROM account WHERE email = ?").param(person.email())
                .query(String.class).single();
    }

    /** Starts a device login as the CLI does; answers its user code. */
    private String startDevice() {
        HttpResponse<String> started = oauth.cliPost("/v1/oauth/device/code", "application/x-www-form-urlencoded",
                OAuthClient.encodeSingle(Map.of("client_id", "clauth-cli", "scope", "user:inference")));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        return OAuthClient.json(started).get("user_code").asString();
    }

    /** The signed-in person types a code into the verification page's form; answers the redirect. */
    private static HttpResponse<String> enterCode(Person person, String userCode) {
        HttpResponse<String> page = person.get("/oauth/device");
        Element form = Jsoup.parse(page.body(), person.browser().base()).getElementById("code-form");
        assertThat(form).as(page.body()).isNotNull();
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            fields.put(input.attr("name"), List.of(input.attr("name").equals("user_code") ? userCode : input.val()));
        }
        return person.browser().postForm(form.attr("action"), fields);
    }

    /** Enters a code and approves or denies it on the consent page; answers where that leads. */
    private static String decide(Person person, String userCode, String button) {
        HttpResponse<String> entered = enterCode(person, userCode);
        assertThat(OAuthClient.location(entered)).contains("/oauth/consent");
        Document consent = Jsoup.parse(person.get(OAuthClient.location(entered)).body(), person.browser().base());
        return OAuthClient.location(person.browser().submit(consent.getElementById(button)));
    }

    private static String withoutCsrf(String page) {
        return page.replaceAll("value=\"[^\"]*\"", "");
    }
}
