package dev.clauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import dev.clauth.server.OAuthClient.Login;
import tools.jackson.databind.JsonNode;

/** A browser login from the authorization request to tokens, as the CLI and a person do it. */
class AuthorizationCodeFlowTest extends ServerTest {

    @Test
    void metadataAdvertisesTheContractEndpoints() {
        JsonNode metadata = OAuthClient.json(oauth.get("/.well-known/oauth-authorization-server"));
        assertThat(metadata.get("issuer").asString()).isEqualTo(baseUrl());
        assertThat(metadata.get("authorization_endpoint").asString()).isEqualTo(baseUrl() + "/oauth/authorize");
        assertThat(metadata.get("token_endpoint").asString()).isEqualTo(baseUrl() + "/v1/oauth/token");
        assertThat(metadata.get("revocation_endpoint").asString()).isEqualTo(baseUrl() + "/v1/oauth/token/revoke");
        assertThat(metadata.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        assertThat(metadata.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
        assertThat(metadata.get("scopes_supported").toString()).contains("user:inference", "user:profile");
    }

    @Test
    void loginHintPrefillsTheEmailOnTheSignInPage() {
        Map<String, String> query = new java.util.LinkedHashMap<>(Login.to("http://localhost:4567/callback").query());
        query.put("login_hint", "someone@example.test");
        assertThat(oauth.authorize(query).statusCode()).isEqualTo(302);
        Document login = Jsoup.parse(oauth.get("/login").body());
        assertThat(login.getElementById("username").val()).isEqualTo("someone@example.test");
        assertThat(login.select("input[name=_csrf]")).hasSize(1);
        assertThat(login.select("input[name=password]")).hasSize(1);
    }

    @Test
    void consentPageListsEveryRequestedScopeAndTheFormsOfTheContract() {
        Login login = Login.to("http://127.0.0.1:40001/callback");
        Document consent = oauth.consentPage(login, EMAIL, PASSWORD);
        assertThat(consent.select("ul.scopes li")).hasSize(6);
        assertThat(consent.text()).contains("Send messages to the models on your behalf", "user:inference",
                "Read your account profile");
        Element approve = consent.getElementById("approve");
        assertThat(approve.attr("method")).isEqualTo("post");
        assertThat(approve.attr("action")).isEqualTo("/oauth/authorize");
        assertThat(approve.select("input[type=hidden][name=scope]").eachAttr("value"))
                .containsExactly(OAuthClient.ALL_SCOPES.split(" "));
        assertThat(approve.select("input[name=client_id]").val()).isEqualTo("clauth-cli");
        assertThat(approve.select("input[name=state]").val()).isNotBlank();
        assertThat(approve.select("input[name=_csrf]").val()).isNotBlank();
        assertThat(approve.select("button").text()).isEqualTo("Approve");
        Element deny = consent.getElementById("deny");
        assertThat(deny.select("input[name=scope]")).isEmpty();
        assertThat(deny.select("button").text()).isEqualTo("Deny");
    }

    @Test
    void approvedLoginRedirectsWithCodeStateAndIssuerThenExchangesForTokens() {
        Login login = Login.to("http://localhost:51234/callback");
        Map<String, String> redirect = oauth.approve(login);
        assertThat(redirect.get("state")).isEqualTo(login.state());
        assertThat(redirect.get("iss")).isEqualTo(baseUrl());
        assertThat(redirect.get("code")).isNotBlank();

        HttpResponse<String> response = oauth.tokenForm(OAuthClient.exchange(login, redirect.get("code")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode token = OAuthClient.json(response);
        assertThat(token.get("access_token").asString()).startsWith("clauth_at_").hasSizeGreaterThanOrEqualTo(10 + 43);
        assertThat(token.get("refresh_token").asString()).startsWith("clauth_rt_").hasSizeGreaterThanOrEqualTo(10 + 43);
        assertThat(token.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(token.get("expires_in").asLong()).isBetween(28790L, 28800L);
        assertThat(token.get("scope").asString().split(" ")).containsExactlyInAnyOrder(OAuthClient.ALL_SCOPES.split(" "));
        assertThat(token.get("account").get("uuid").asString()).hasSize(36);
        assertThat(token.get("account").get("email_address").asString()).isEqualTo(EMAIL);
        assertThat(token.get("organization").get("uuid").asString()).hasSize(36);
        assertThat(token.get("organization").get("name").asString()).isEqualTo("Test Org");
        assertThat(token.get("organization").get("organization_type").asString()).isEqualTo("claude_max");
    }

    @Test
    void jsonTokenRequestWithExtraFieldsWorksLikeTheForm() {
        Login login = Login.to("http://127.0.0.1:34567/callback");
        Map<String, String> redirect = oauth.approve(login);
        HttpResponse<String> response = oauth.tokenJson(OAuthClient.exchange(login, redirect.get("code")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode token = OAuthClient.json(response);
        assertThat(token.get("access_token").asString()).startsWith("clauth_at_");
        assertThat(token.get("refresh_token").asString()).startsWith("clauth_rt_");
        assertThat(token.get("account").get("email_address").asString()).isEqualTo(EMAIL);
    }

    @Test
    void inferenceOnlyLoginMayAskForAOneYearTokenOthersMayNot() {
        Login setupToken = Login.to("http://localhost:40010/callback").scope("user:inference");
        Map<String, String> exchange = OAuthClient.exchange(setupToken, oauth.approve(setupToken).get("code"));
        exchange.put("expires_in", "31536000");
        JsonNode longLived = OAuthClient.json(oauth.tokenJson(exchange));
        assertThat(longLived.get("expires_in").asLong()).isBetween(31535990L, 31536000L);
        assertThat(longLived.get("scope").asString()).isEqualTo("user:inference");

        Login normal = Login.to("http://localhost:40011/callback");
        Map<String, String> asked = OAuthClient.exchange(normal, new OAuthClient(baseUrl()).approve(normal).get("code"));
        asked.put("expires_in", "31536000");
        assertThat(OAuthClient.json(oauth.tokenForm(asked)).get("expires_in").asLong()).isBetween(28790L, 28800L);
    }

    @Test
    void denyRedirectsWithAccessDeniedAndIssuesNothing() {
        Login login = Login.to("http://localhost:40002/callback");
        Document consent = oauth.consentPage(login, EMAIL, PASSWORD);
        HttpResponse<String> denied = oauth.submit(consent.getElementById("deny"));
        assertThat(denied.statusCode()).isEqualTo(302);
        Map<String, String> query = OAuthClient.queryOf(OAuthClient.location(denied));
        assertThat(OAuthClient.location(denied)).startsWith("http://localhost:40002/callback?");
        assertThat(query.get("error")).isEqualTo("access_denied");
        assertThat(query.get("state")).isEqualTo(login.state());
        assertThat(query).doesNotContainKey("code");
    }

    @Test
    void manualCallbackPageShowsCodeAndStateToPasteWithACopyButton() {
        Login login = Login.to(baseUrl() + "/oauth/code/callback");
        Map<String, String> redirect = oauth.approve(login);
        HttpResponse<String> page = oauth.get(baseUrl() + "/oauth/code/callback?code=" + redirect.get("code")
                + "&state=" + redirect.get("state") + "&iss=" + redirect.get("iss"));
        assertThat(page.statusCode()).isEqualTo(200);
        Document document = Jsoup.parse(page.body());
        assertThat(document.getElementById("code").text()).isEqualTo(redirect.get("code") + "#" + login.state());
        assertThat(document.getElementById("copy").text()).isEqualTo("Copy code");
        assertThat(oauth.get("/js/copy.js").body()).contains("navigator.clipboard.writeText");
        // the pasted code works
        assertThat(oauth.tokenForm(OAuthClient.exchange(login, redirect.get("code"))).statusCode()).isEqualTo(200);
    }

    @Test
    void successPageTellsThePersonToReturnToTheTerminal() {
        HttpResponse<String> page = oauth.get("/oauth/code/success");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(page.body()).text()).contains("signed in", "Return to your terminal");
    }

    @Test
    void profileAnswersForTheSignedInAccount() {
        JsonNode token = oauth.login(Login.to("http://localhost:40003/callback"));
        HttpResponse<String> response = oauth.cliSend(HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/api/oauth/profile"))
                .header("Authorization", "Bearer " + token.get("access_token").asString()).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode profile = OAuthClient.json(response);
        assertThat(profile.get("account").get("uuid").asString()).isEqualTo(token.get("account").get("uuid").asString());
        assertThat(profile.get("account").get("email").asString()).isEqualTo(EMAIL);
        assertThat(profile.get("account").get("email_address").asString()).isEqualTo(EMAIL);
        assertThat(profile.get("account").get("display_name").asString()).isEqualTo("owner");
        assertThat(profile.get("account").has("full_name")).isTrue();
        assertThat(profile.get("organization").get("uuid").asString())
                .isEqualTo(token.get("organization").get("uuid").asString());
        assertThat(profile.get("organization").get("organization_type").asString()).isEqualTo("claude_max");
        assertThat(profile.get("organization").has("billing_type")).isTrue();
        assertThat(profile.get("organization").get("rate_limit_tier").asString()).isEqualTo("default_claude_max");
    }
}
