package dev.clauth.e2e;

import dev.clauth.core.testing.Poll;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Stands in for a person's browser: follows the authorization URL, signs in on the sign-in page,
 * presses Approve (or Deny) on the consent page, and follows the redirect to wherever it leads —
 * the CLI's loopback callback, or the server's page that shows a code to paste.
 *
 * <p>Run as a program it is what tests put in {@code $BROWSER}; its behaviour is steered by
 * environment variables, as a real browser is steered by the person in front of it:
 * {@code STANDIN_EMAIL}, {@code STANDIN_PASSWORD}, {@code STANDIN_ACTION} ({@code approve} or
 * {@code deny}), {@code STANDIN_STATE} (replaces the state on the way back to the CLI),
 * {@code STANDIN_RECORD} (a file the callback URL is appended to), {@code STANDIN_LOG}.
 */
public final class BrowserStandIn {
    private final HttpClient http;
    private final String email;
    private final String password;
    private final boolean approve;
    private final List<String> visited = new ArrayList<>();
    /** What to type into the device verification page's {@code user_code} field, when it shows up. */
    private String userCode;

    BrowserStandIn(String email, String password, boolean approve) {
        this.email = email;
        this.password = password;
        this.approve = approve;
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Poll.SAFETY_NET) // a safety net for a hung server
                .build();
    }

    /** Types {@code code} when the walk meets the device verification page (RFC 8628) that asks for it. */
    BrowserStandIn typingUserCode(String code) {
        this.userCode = code;
        return this;
    }

    /** Where the walk ended: the last response, and the callback URL it was redirected to, if any. */
    record Outcome(URI callback, HttpResponse<String> last) {
        /** The text shown in the element with id {@code code}, on the server's paste-this-code page. */
        String shownCode() {
            Element code = Jsoup.parse(last.body()).getElementById("code");
            if (code == null) {
                throw new AssertionError("no #code on the page at " + last.uri() + ":\n" + last.body());
            }
            return code.text().trim();
        }
    }

    /**
     * Walks from {@code start} until it is sent to a loopback {@code /callback}; that last hop is
     * passed through {@code onCallback} (to tamper with it) and, unless it returns null, followed too.
     */
    Outcome walk(URI start, URI server, UnaryOperator<URI> onCallback) throws IOException, InterruptedException {
        URI url = start;
        URI callback = null;
        HttpResponse<String> response = null;
        for (int hop = 0; hop < 30; hop++) {
            if (callback == null && isClientCallback(url, server)) {
                callback = url;
                url = onCallback.apply(url);
                if (url == null) {
                    return new Outcome(callback, response);
                }
            }
            response = get(url);
            if (isRedirect(response)) {
                url = location(response);
                continue;
            }
            Document page = Jsoup.parse(response.body(), url.toString());
            Element form = page.selectFirst("form:has(input[type=password])");
            if (form != null && hop < 29) {
                if (visited.stream().filter(u -> u.startsWith("POST-LOGIN")).count() >= 1) {
                    throw new AssertionError("sign-in refused at " + url + ":\n" + page.text());
                }
                visited.add("POST-LOGIN " + url);
                response = submit(form, Map.of("username", email, "password", password));
            } else if (userCode != null && (form = page.selectFirst("form#code-form")) != null
                    && visited.stream().filter(u -> u.startsWith("POST-CODE")).count() < 1) {
                visited.add("POST-CODE " + url);
                response = submit(form, Map.of("user_code", userCode));
            } else if ((form = consentForm(page)) != null) {
                visited.add("POST-CONSENT " + url);
                response = submit(form, Map.of());
            } else {
                return new Outcome(callback, response);
            }
            if (!isRedirect(response)) {
                return new Outcome(callback, response);
            }
            url = location(response);
        }
        throw new AssertionError("too many hops; visited " + visited);
    }

    /** Signs in on the server's sign-in page; afterwards this browser carries the session cookie. */
    void signIn(URI server) throws IOException, InterruptedException {
        URI login = server.resolve("/login");
        Document page = Jsoup.parse(get(login).body(), login.toString());
        Element form = page.selectFirst("form:has(input[type=password])");
        if (form == null) {
            throw new AssertionError("no sign-in form at " + login);
        }
        HttpResponse<String> answer = submit(form, Map.of("username", email, "password", password));
        if (!isRedirect(answer) || location(answer).toString().contains("error")) {
            throw new AssertionError("sign-in refused at " + login);
        }
    }

    /** Submits the first form matching {@code selector} on a page already shown, as it stands. */
    HttpResponse<String> submitFrom(HttpResponse<String> shown, String selector) throws IOException, InterruptedException {
        Element form = Jsoup.parse(shown.body(), shown.uri().toString()).selectFirst(selector);
        if (form == null) {
            throw new AssertionError("no " + selector + " on " + shown.uri() + ":\n" + shown.body());
        }
        return submit(form, Map.of());
    }

    /** Opens {@code page} and submits the first form matching {@code selector} as it stands. */
    HttpResponse<String> submitOn(URI page, String selector) throws IOException, InterruptedException {
        HttpResponse<String> shown = get(page);
        Element form = Jsoup.parse(shown.body(), page.toString()).selectFirst(selector);
        if (form == null) {
            throw new AssertionError("no " + selector + " on " + page + ":\n" + shown.body());
        }
        return submit(form, Map.of());
    }

    private Element consentForm(Document page) {
        String label = approve ? "Approve" : "Deny";
        for (Element form : page.select("form")) {
            for (Element b : form.select("button, input[type=submit]")) {
                String text = b.tagName().equals("button") ? b.text() : b.attr("value");
                if (text.trim().equalsIgnoreCase(label)) {
                    return form;
                }
            }
        }
        return null;
    }

    private static boolean isClientCallback(URI url, URI server) {
        String host = url.getHost();
        boolean loopback = "127.0.0.1".equals(host) || "localhost".equals(host);
        return loopback && "/callback".equals(url.getPath()) && url.getPort() != server.getPort();
    }

    private static boolean isRedirect(HttpResponse<?> r) {
        return r.statusCode() / 100 == 3 && r.headers().firstValue("Location").isPresent();
    }

    private static URI location(HttpResponse<?> r) {
        return r.uri().resolve(r.headers().firstValue("Location").orElseThrow());
    }

    HttpResponse<String> get(URI url) throws IOException, InterruptedException {
        visited.add("GET " + url);
        return http.send(HttpRequest.newBuilder(url).timeout(Poll.SAFETY_NET).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> submit(Element form, Map<String, String> fill)
            throws IOException, InterruptedException {
        StringJoiner body = new StringJoiner("&");
        for (Element input : form.select("input[name], textarea[name], select[name]")) {
            String type = input.attr("type").toLowerCase();
            if ((type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked")) {
                continue;
            }
            if (type.equals("submit")) {
                continue;
            }
            String name = input.attr("name");
            String value = fill.getOrDefault(name, input.val());
            body.add(enc(name) + "=" + enc(value));
        }
        Element pressed = form.selectFirst("button[name]");
        if (pressed != null) {
            body.add(enc(pressed.attr("name")) + "=" + enc(pressed.val()));
        }
        String action = form.absUrl("action");
        URI target = URI.create(action.isEmpty() ? form.baseUri() : action);
        visited.add("POST " + target);
        return http.send(HttpRequest.newBuilder(target)
                        .timeout(Poll.SAFETY_NET)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Replaces the {@code state} query parameter of a callback URL. */
    static URI withState(URI callback, String state) {
        String q = callback.getRawQuery().replaceAll("(^|&)state=[^&]*", "$1state=" + enc(state));
        return URI.create(callback.getScheme() + "://" + callback.getRawAuthority() + callback.getRawPath() + "?" + q);
    }

    /** Usage, as {@code $BROWSER}: {@code BrowserStandIn <authorization URL>}. */
    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Path log = env.containsKey("STANDIN_LOG") ? Path.of(env.get("STANDIN_LOG")) : null;
        URI start = URI.create(args[0]);
        URI server = URI.create(start.getScheme() + "://" + start.getRawAuthority());
        BrowserStandIn browser = new BrowserStandIn(env.getOrDefault("STANDIN_EMAIL", ServerProcess.OWNER_EMAIL),
                env.getOrDefault("STANDIN_PASSWORD", ServerProcess.OWNER_PASSWORD),
                !"deny".equals(env.get("STANDIN_ACTION")));
        try {
            Outcome o = browser.walk(start, server, cb -> {
                record(env.get("STANDIN_RECORD"), cb.toString());
                String state = env.get("STANDIN_STATE");
                return state == null ? cb : withState(cb, state);
            });
            append(log, "done: " + (o.last() == null ? "-" : o.last().statusCode() + " " + o.last().uri()));
        } catch (Exception | AssertionError e) {
            append(log, "failed: " + e + "\nvisited: " + browser.visited);
            System.exit(1);
        }
    }

    private static void record(String file, String line) {
        if (file != null) {
            append(Path.of(file), line);
        }
    }

    private static void append(Path file, String line) {
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // logging only
        }
    }
}
