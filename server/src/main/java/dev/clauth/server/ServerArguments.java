package dev.clauth.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code clauth server}:
 * {@code [--port N] [--data DIR] [--db JDBC_URL] [--host ADDR] [--issuer URL]}; the issuer may also
 * come from {@code CLAUTH_ISSUER} (the option wins). {@code issuer} is null when neither is given:
 * the server then uses {@code http://<host>:<port>} ({@link Issuer}). Parsing never throws
 * anything but {@link IllegalArgumentException}, whose message is the one line the user sees.
 */
public record ServerArguments(int port, Path dataDir, String jdbcUrl, String host, String issuer) {

    static final String USAGE = "clauth server [--port N] [--data DIR] [--db JDBC_URL] [--host ADDR] [--issuer URL]";

    public static final int DEFAULT_PORT = 8765;
    public static final String DEFAULT_HOST = "127.0.0.1";

    public static ServerArguments parse(List<String> args, Path home) {
        return parse(args, home, Map.of());
    }

    public static ServerArguments parse(List<String> args, Path home, Map<String, String> env) {
        String issuer = env.get("CLAUTH_ISSUER");
        int port = DEFAULT_PORT;
        Path data = home.resolve(".clauth").resolve("server");
        String db = null;
        String host = DEFAULT_HOST;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--port", "--data", "--db", "--host", "--issuer" -> {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException(name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + arg
                        + " (usage: " + USAGE + ")");
            }
            switch (name) {
                case "--port" -> port = parsePort(value);
                case "--data" -> data = Path.of(requireText(name, value));
                case "--db" -> db = requireJdbcUrl(value);
                case "--issuer" -> issuer = requireText(name, value);
                default -> host = requireText(name, value);
            }
        }
        Path absoluteData = data.toAbsolutePath().normalize();
        String url = db != null ? db : "jdbc:h2:file:" + absoluteData.resolve("clauth") + ";DB_CLOSE_ON_EXIT=FALSE";
        return new ServerArguments(port, absoluteData, url, host,
                issuer == null || issuer.isBlank() ? null : requireIssuer(issuer));
    }

    /** Spring properties that put these arguments into effect. */
    public Map<String, Object> springProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", port);
        properties.put("server.address", host);
        properties.put("spring.datasource.url", jdbcUrl);
        if (issuer != null) {
            properties.put(Issuer.PROPERTY, issuer);
        }
        return properties;
    }

    public boolean usesEmbeddedDatabase() {
        return jdbcUrl.startsWith("jdbc:h2:file:");
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a number from 0 to 65535, not '" + value + "'");
    }

    /**
     * An issuer URL as RFC 8414 wants it: {@code http} or {@code https}, a host, no user info,
     * query or fragment; a trailing slash is dropped.
     */
    static String requireIssuer(String value) {
        String problem = "--issuer must be an http(s) URL with a host and no query or fragment, such as "
                + "https://auth.example.com, not '" + value + "'";
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(problem);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(problem);
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static String requireText(String name, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return value;
    }

    private static String requireJdbcUrl(String value) {
        if (!value.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--db must be a JDBC URL such as jdbc:postgresql://host/db");
        }
        return value;
    }
}
