package dev.clauth.server.team;

/** A member of an organisation as the members page lists them. */
public record Member(String accountUuid, String email, String displayName, Role role, long joinedAt) {
}
