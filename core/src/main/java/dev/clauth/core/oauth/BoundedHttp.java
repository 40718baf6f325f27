package dev.clauth.core.oauth;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequestSender;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPRequest;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sends Nimbus requests with the JDK's HTTP client, with the request's timeouts, and refuses answers
 * larger than {@link #MAX_BODY}: a misbehaving server cannot make the client read without bound.
 */
public final class BoundedHttp implements HTTPRequestSender {

    public static final int MAX_BODY = 256 * 1024;
    private static final List<String> RESTRICTED = List.of("host", "content-length", "connection");

    public static final BoundedHttp INSTANCE = new BoundedHttp(builder().build());

    private final HttpClient client;

    private BoundedHttp(HttpClient client) {
        this.client = client;
    }

    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER);
    }

    /** A sender whose TLS connections are checked by {@code tls} (a gateway's pinned certificate). */
    public static BoundedHttp withTls(javax.net.ssl.SSLContext tls) {
        return new BoundedHttp(builder().sslContext(tls).build());
    }

    /** Sends and turns a transport failure into a {@link TransportFailure} that names the server. */
    public static HTTPResponse send(HTTPRequest request) throws TransportFailure {
        return INSTANCE.call(request);
    }

    /** {@link #send} through this sender. */
    public HTTPResponse call(HTTPRequest request) throws TransportFailure {
        try {
            return request.send(this);
        } catch (IOException e) {
            throw new TransportFailure(request.getURI(), e);
        }
    }

    @Override
    public ReadOnlyHTTPResponse send(ReadOnlyHTTPRequest request) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.getURI());
        if (request.getReadTimeout() > 0) {
            builder.timeout(Duration.ofMillis(request.getReadTimeout()));
        }
        for (Map.Entry<String, List<String>> header : request.getHeaderMap().entrySet()) {
            if (!RESTRICTED.contains(header.getKey().toLowerCase())) {
                header.getValue().forEach(v -> builder.header(header.getKey(), v));
            }
        }
        String body = request.getBody();
        builder.method(request.getMethod().name(), body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<InputStream> answer;
        try {
            answer = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        HTTPResponse response = new HTTPResponse(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                response.setHeader(name, values.toArray(String[]::new));
            }
        });
        response.setBody(readBounded(answer.body()));
        return response;
    }

    private static String readBounded(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) != -1) {
                if (out.size() + n > MAX_BODY) {
                    throw new IOException("answer larger than " + MAX_BODY / 1024 + " KB");
                }
                out.write(chunk, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** The server could not be reached or did not answer in time; worth another try later. */
    public static final class TransportFailure extends Exception {
        public TransportFailure(java.net.URI uri, IOException cause) {
            super("cannot reach " + uri.getScheme() + "://" + uri.getAuthority() + " ("
                    + (cause instanceof java.net.http.HttpTimeoutException ? "timed out"
                            : cause.getMessage() != null && cause.getMessage().startsWith("answer larger")
                                    ? cause.getMessage()
                                    : cause.getClass().getSimpleName()) + ")", cause);
        }
    }
}
