package dev.clauth.server.apikey;

/**
 * An API key as listed: never the key itself, only its prefix and last four characters.
 * Times are epoch milliseconds; {@code lastUsedAt} and {@code revokedAt} may be null.
 */
public record ApiKey(String id, String organizationUuid, String createdBy, String createdByEmail, String name,
        ApiKeyKind kind, String prefix, String lastFour, long createdAt, Long lastUsedAt, Long revokedAt) {

    /** How the key is shown: {@code clauth_sk_…abcd}. */
    public String masked() {
        return prefix + "…" + lastFour;
    }

    public boolean active() {
        return revokedAt == null;
    }
}
