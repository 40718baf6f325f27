package dev.clauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import dev.clauth.server.OAuthClient.Login;

/** The sign-in and consent pages: CSRF, clickjacking headers, and what a wrong password reveals. */
class PageSecurityTest extends ServerTest {

    @Test
    void signInWithoutCsrfTokenIsRefused() {
        oauth.authorize(Login.to("http://localhost:42001/callback").query());
        oauth.get("/login");
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("username", List.of(EMAIL));
        form.put("password", List.of(PASSWORD));
        HttpResponse<String> response = oauth.postForm("/login", form);
        assertThat(response.statusCode()).isEqualTo(403);
        // still not signed in: the authorization request goes back to the sign-in page
        assertThat(OAuthClient.location(oauth.authorize(Login.to("http://localhost:42001/callback").query())))
                .endsWith("/login");
    }

    @Test
    void consentWithoutOrWithWrongCsrfTokenIssuesNoCode() {
        Login login = Login.to("http://localhost:42002/callback");
        Document consent = oauth.consentPage(login, EMAIL, PASSWORD);
        Element genuine = consent.getElementById("approve").clone();
        Element approve = consent.getElementById("approve");
        approve.select("input[name=_csrf]").remove();
        HttpResponse<String> withoutToken = oauth.submit(approve);
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.headers().firstValue("Location")).isEmpty();

        Element forged = genuine.clone();
        forged.select("input[name=_csrf]").val("forged");
        assertThat(oauth.submit(forged).statusCode()).isEqualTo(403);

        // the genuine form (with its token) still works afterwards
        HttpResponse<String> approved = oauth.submit(genuine);
        assertThat(OAuthClient.location(approved)).startsWith("http://localhost:42002/callback?code=");
    }

    @Test
    void wrongPasswordAndUnknownAccountGetTheSameAnswer() {
        HttpResponse<String> wrongPassword = new OAuthClient(baseUrl()).signIn(EMAIL, "not the password");
        HttpResponse<String> unknown = new OAuthClient(baseUrl()).signIn("nobody@example.test", "not the password");
        assertThat(wrongPassword.statusCode()).isEqualTo(302);
        assertThat(unknown.statusCode()).isEqualTo(302);
        assertThat(OAuthClient.location(wrongPassword)).isEqualTo(OAuthClient.location(unknown)).endsWith("/login?error");
        String page = oauth.get("/login?error").body();
        assertThat(page).contains("Incorrect email or password.");
    }

    @Test
    void pagesCannotBeFramed() {
        for (String path : List.of("/login", "/oauth/code/success", "/oauth/code/callback?code=a&state=b")) {
            HttpResponse<String> page = oauth.get(path);
            assertThat(page.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
        }
        Login login = Login.to("http://localhost:42003/callback");
        oauth.consentPage(login, EMAIL, PASSWORD);
        HttpResponse<String> consent = oauth.authorize(login.query());
        assertThat(consent.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }

    @Test
    void pagesLoadNoExternalAssets() {
        Login login = Login.to("http://localhost:42004/callback");
        Document consent = oauth.consentPage(login, EMAIL, PASSWORD);
        for (Element asset : consent.select("link[href], script[src], img[src]")) {
            assertThat(asset.attr("href") + asset.attr("src")).startsWith("/");
        }
        assertThat(oauth.get("/css/clauth.css").statusCode()).isEqualTo(200);
    }
}
