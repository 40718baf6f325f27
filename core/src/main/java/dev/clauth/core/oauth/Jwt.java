package dev.clauth.core.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;

/**
 * A peek at a token that happens to be a JWT, as the reference peeks ({@code exp}, {@code iat}): nothing is
 * trusted from it (the signature is not checked here; the server that issued it does that), it only tunes
 * when to refresh. Any other token is opaque and gives nothing.
 */
public final class Jwt {

    private Jwt() {
    }

    /** {@code exp − iat}, when the token is a JWT that carries both. */
    public static Optional<Duration> lifetime(String token) {
        return claims(token).flatMap(c -> {
            Date exp = c.getExpirationTime();
            Date iat = c.getIssueTime();
            return exp != null && iat != null && exp.after(iat)
                    ? Optional.of(Duration.ofMillis(exp.getTime() - iat.getTime())) : Optional.empty();
        });
    }

    /** The claims of a JWT (signed or not), unverified; empty for anything else. */
    public static Optional<JWTClaimsSet> claims(String token) {
        if (token == null || token.length() > 16_384 || token.chars().filter(c -> c == '.').count() < 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(JWTParser.parse(token).getJWTClaimsSet());
        } catch (java.text.ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
