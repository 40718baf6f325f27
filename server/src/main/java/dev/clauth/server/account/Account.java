package dev.clauth.server.account;

/** A person who signs in. {@code uuid} is also the principal name of their logins. */
public record Account(String uuid, String email, String displayName, String fullName) {
}
