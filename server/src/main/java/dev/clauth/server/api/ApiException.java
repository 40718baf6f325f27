package dev.clauth.server.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error of the API, answered as {@code {"type":"error","error":{"type":…,"message":…}}}.
 * Messages never contain a credential.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String type;

    private ApiException(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    public static ApiException authentication(String message) {
        return new ApiException(401, "authentication_error", message);
    }

    public static ApiException permission(String message) {
        return new ApiException(403, "permission_error", message);
    }

    public static ApiException invalidRequest(String message) {
        return new ApiException(400, "invalid_request_error", message);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "request_too_large", message);
    }

    public int status() {
        return status;
    }

    public Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("message", getMessage());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "error");
        body.put("error", error);
        return body;
    }
}
