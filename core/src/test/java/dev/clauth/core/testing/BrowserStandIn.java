package dev.clauth.core.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** Follows redirects the way a person's browser would, and remembers every URL that answered it. */
public final class BrowserStandIn {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    public final List<String> visited = new java.util.concurrent.CopyOnWriteArrayList<>();
    public volatile int lastStatus;

    /** Visits {@code url} and follows up to ten redirects; returns the last URL visited. */
    public synchronized String visit(String url) {
        String current = url;
        try {
            for (int hop = 0; hop < 10; hop++) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(current)).build(),
                        HttpResponse.BodyHandlers.ofString());
                lastStatus = response.statusCode();
                visited.add(current);
                var location = response.headers().firstValue("location");
                if (response.statusCode() / 100 != 3 || location.isEmpty()) {
                    return current;
                }
                current = URI.create(current).resolve(location.get()).toString();
            }
        } catch (Exception e) {
            visited.add("failed: " + e.getClass().getSimpleName());
        }
        return current;
    }

    /** Waits until the browser has been at a URL containing {@code part}; fails after {@link Poll#SAFETY_NET}. */
    public void awaitVisit(String part) {
        Poll.until("the browser to visit " + part, () -> visited.stream().anyMatch(url -> url.contains(part)),
                () -> "visited: " + visited);
    }

    /** The URL the server redirects to from {@code url}, without visiting it. */
    public String redirectOf(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.headers().firstValue("location").orElseThrow();
    }
}
