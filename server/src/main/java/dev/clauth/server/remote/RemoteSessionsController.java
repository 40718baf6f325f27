package dev.clauth.server.remote;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.clauth.server.api.ApiCaller;
import dev.clauth.server.api.ApiException;
import dev.clauth.server.oauth.Scopes;

/**
 * {@code /v1/sessions}: a stand-in for the reference's remote-control sessions, there to show
 * that scopes are enforced: only a credential with {@code user:sessions:claude_code} reaches
 * it; an inference-only token ({@code setup-token}) gets 403 {@code permission_error}.
 * {@code POST} creates a session ({@code {"title": …}} optional), {@code GET} lists the caller's.
 */
@RestController
public class RemoteSessionsController {

    static final int MAX_TITLE = 200;

    private final JdbcClient jdbc;
    private final Clock clock;

    public RemoteSessionsController(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @PostMapping("/v1/sessions")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> create(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
            @RequestBody(required = false) Map<String, Object> body) {
        caller.requireScope(Scopes.SESSIONS);
        Object title = body == null ? null : body.get("title");
        String name = title instanceof String text && !text.isBlank() ? text.strip() : "Remote session";
        if (name.length() > MAX_TITLE) {
            name = name.substring(0, MAX_TITLE);
        }
        String id = "session_" + UUID.randomUUID().toString().replace("-", "");
        long now = clock.millis();
        jdbc.sql("INSERT INTO remote_session (id, account_uuid, title, created_at) VALUES (?, ?, ?, ?)")
                .params(id, caller.accountUuid(), name, now).update();
        return session(id, name, now);
    }

    @GetMapping("/v1/sessions")
    Map<String, Object> list(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller) {
        caller.requireScope(Scopes.SESSIONS);
        List<Map<String, Object>> sessions = jdbc
                .sql("SELECT id, title, created_at FROM remote_session WHERE account_uuid = ? ORDER BY created_at, id")
                .param(caller.accountUuid())
                .query((rs, n) -> session(rs.getString("id"), rs.getString("title"), rs.getLong("created_at")))
                .list();
        return Map.of("data", sessions);
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> refused(ApiException e) {
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON).body(e.body());
    }

    @ExceptionHandler({ HttpMessageNotReadableException.class, HttpMediaTypeNotSupportedException.class })
    ResponseEntity<Map<String, Object>> unreadable(Exception e) {
        return refused(ApiException.invalidRequest("The request body must be a JSON object."));
    }

    private static Map<String, Object> session(String id, String title, long createdAtMillis) {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("id", id);
        session.put("type", "session");
        session.put("title", title);
        session.put("created_at", java.time.Instant.ofEpochMilli(createdAtMillis).toString());
        return session;
    }
}
