package dev.clauth.server.oauth;

import java.time.Clock;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * The polling interval of the device authorization grant (RFC 8628, section 3.5), which Spring's
 * authorization server leaves to the application: a device that polls sooner than its interval
 * gets {@code slow_down}, and its interval grows by 5 seconds for this and every later poll.
 * Runs inside {@link AtomicTokenGrant}'s transaction, with the login's row locked.
 */
final class DevicePolling {

    /** The interval a device is told to start with. */
    static final int INTERVAL_SECONDS = 5;
    static final int SLOW_DOWN_STEP_SECONDS = 5;
    static final String SLOW_DOWN = "slow_down";

    private final JdbcClient jdbc;
    private final Clock clock;

    DevicePolling(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records a poll of the device authorization {@code id}; true when it came sooner than the interval allows. */
    boolean tooSoon(String id) {
        Map<String, Object> row = jdbc
                .sql("SELECT device_poll_interval, device_last_poll_at FROM oauth_authorization WHERE id = ?")
                .param(id).query().singleRow();
        long now = clock.millis();
        boolean tooSoon = row.get("device_last_poll_at") instanceof Number last
                && now - last.longValue() < interval(row) * 1000L;
        jdbc.sql("UPDATE oauth_authorization SET device_last_poll_at = ? WHERE id = ?").params(now, id).update();
        return tooSoon;
    }

    /** Lengthens the interval of {@code id} and answers the error that says so. */
    OAuth2AuthenticationException slowDown(String id) {
        Map<String, Object> row = jdbc.sql("SELECT device_poll_interval FROM oauth_authorization WHERE id = ?")
                .param(id).query().singleRow();
        int interval = interval(row) + SLOW_DOWN_STEP_SECONDS;
        jdbc.sql("UPDATE oauth_authorization SET device_poll_interval = ? WHERE id = ?").params(interval, id).update();
        return new OAuth2AuthenticationException(new OAuth2Error(SLOW_DOWN,
                "Polling too often: wait " + interval + " seconds between requests.",
                "https://datatracker.ietf.org/doc/html/rfc8628#section-3.5"));
    }

    private static int interval(Map<String, Object> row) {
        return row.get("device_poll_interval") instanceof Number n ? n.intValue() : INTERVAL_SECONDS;
    }
}
