package dev.clauth.server;

import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The server's one base URL, fixed at startup and never taken from a request's {@code Host}:
 * {@code --issuer URL} / {@code CLAUTH_ISSUER} (property {@code clauth.server.issuer}) when given,
 * for a server behind a proxy; else {@code http://<bind host>:<actual port>}, known once the web
 * server has its port (port 0 included). The authorization server's metadata, the {@code iss}
 * parameter, the manual redirect URI, the device flow's {@code verification_uri} and invitation
 * links are all built from it.
 */
@Component
public class Issuer implements ApplicationListener<WebServerInitializedEvent> {

    public static final String PROPERTY = "clauth.server.issuer";

    private final String configured;
    private final String bindHost;
    private final AtomicReference<String> url = new AtomicReference<>();

    public Issuer(@Value("${" + PROPERTY + ":}") String configured,
            @Value("${server.address:" + ServerArguments.DEFAULT_HOST + "}") String bindHost) {
        this.configured = configured.isBlank() ? null : ServerArguments.requireIssuer(configured);
        this.bindHost = bindHost;
        if (this.configured != null) {
            url.set(this.configured);
        }
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (configured == null && !"management".equals(event.getApplicationContext().getServerNamespace())) {
            String host = bindHost.contains(":") && !bindHost.startsWith("[") ? "[" + bindHost + "]" : bindHost;
            url.compareAndSet(null, "http://" + host + ":" + event.getWebServer().getPort());
        }
    }

    /** The issuer URL, without a trailing slash. */
    public String url() {
        String value = url.get();
        if (value == null) {
            throw new IllegalStateException("the server's port is not known yet");
        }
        return value;
    }

    /** An absolute URL on this server: the issuer followed by {@code path} (which starts with '/'). */
    public String resolve(String path) {
        return url() + path;
    }
}
