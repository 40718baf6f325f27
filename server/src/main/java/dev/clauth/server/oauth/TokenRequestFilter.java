package dev.clauth.server.oauth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards the token and revocation endpoints ahead of Spring's authorization server:
 * a JSON object body becomes the same request parameters a form would give (the reference
 * client sends JSON), and whatever is too large, malformed or not a flat object is answered
 * with an RFC 6749 error ({@code invalid_request}), never with a stack trace.
 */
public final class TokenRequestFilter extends OncePerRequestFilter {

    static final int MAX_BODY_BYTES = 64 * 1024;

    private final JsonMapper json;

    public TokenRequestFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            OAuthErrorResponse.write(response, 400, "invalid_request", "The request body is too large.");
            return;
        }
        if (isJson(request.getContentType())) {
            Map<String, String[]> parameters = readJsonObject(request);
            if (parameters == null) {
                OAuthErrorResponse.write(response, 400, "invalid_request",
                        "The request body must be a JSON object of string values.");
                return;
            }
            chain.doFilter(new JsonParameters(request, parameters), response);
            return;
        }
        try {
            request.getParameterMap();
        } catch (RuntimeException e) {
            OAuthErrorResponse.write(response, 400, "invalid_request", "The request body could not be read.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return MediaType.APPLICATION_JSON.includes(type) || type.getSubtype().endsWith("+json");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The body's fields as parameters, or null when it is not a flat JSON object within the size limit. */
    private Map<String, String[]> readJsonObject(HttpServletRequest request) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return null;
        }
        JsonNode root;
        try {
            root = json.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        Map<String, String[]> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (value.isTextual()) {
                parameters.put(field.getKey(), new String[] { value.stringValue() });
            } else if (value.isNumber() || value.isBoolean()) {
                parameters.put(field.getKey(), new String[] { value.asString() });
            } else if (value.isArray() && "scope".equals(field.getKey())) {
                StringBuilder scopes = new StringBuilder();
                for (JsonNode scope : value) {
                    if (!scope.isTextual()) {
                        return null;
                    }
                    scopes.append(scopes.isEmpty() ? "" : " ").append(scope.stringValue());
                }
                parameters.put("scope", new String[] { scopes.toString() });
            } else {
                return null;
            }
        }
        return parameters;
    }

    /** The request as Spring's converters read it: parameters from the JSON object, as a form. */
    private static final class JsonParameters extends HttpServletRequestWrapper {

        private final Map<String, String[]> parameters;

        JsonParameters(HttpServletRequest request, Map<String, String[]> parameters) {
            super(request);
            this.parameters = Collections.unmodifiableMap(parameters);
        }

        @Override
        public String getParameter(String name) {
            String[] values = parameters.get(name);
            return values == null ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            return parameters.get(name);
        }

        @Override
        public String getQueryString() {
            return null;
        }

        @Override
        public String getContentType() {
            return MediaType.APPLICATION_FORM_URLENCODED_VALUE;
        }
    }
}
