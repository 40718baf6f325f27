package dev.clauth.server.account;

/** An account's place in an organisation. */
public record Membership(Account account, Organization organization, String role) {

    public static final String OWNER = "owner";
}
