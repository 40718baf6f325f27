package dev.clauth.server.account;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * First start with an empty database: creates an organisation and its owner from
 * {@code CLAUTH_BOOTSTRAP_EMAIL}, {@code CLAUTH_BOOTSTRAP_PASSWORD}, {@code CLAUTH_BOOTSTRAP_ORG_NAME}
 * and {@code CLAUTH_BOOTSTRAP_ORG_TYPE}; a password not given is generated and printed once.
 */
@Component
public class OwnerBootstrap implements ApplicationRunner {

    private final AccountStore accounts;
    private final PasswordEncoder passwordEncoder;
    private final Environment environment;
    private final PrintStream out;

    public OwnerBootstrap(AccountStore accounts, PasswordEncoder passwordEncoder, Environment environment) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.environment = environment;
        this.out = System.out;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!accounts.isEmpty()) {
            return;
        }
        String email = setting("CLAUTH_BOOTSTRAP_EMAIL", "owner@clauth.local");
        String orgName = setting("CLAUTH_BOOTSTRAP_ORG_NAME", "Personal");
        String orgType = setting("CLAUTH_BOOTSTRAP_ORG_TYPE", "claude_max");
        if (!email.contains("@")) {
            throw new IllegalStateException("CLAUTH_BOOTSTRAP_EMAIL must be an email address");
        }
        if (!Organization.TYPES.contains(orgType)) {
            throw new IllegalStateException("CLAUTH_BOOTSTRAP_ORG_TYPE must be one of " + Organization.TYPES);
        }
        String password = environment.getProperty("CLAUTH_BOOTSTRAP_PASSWORD", "");
        boolean generated = password.isEmpty();
        if (AccountStore.passwordTooLong(password)) {
            throw new IllegalStateException("CLAUTH_BOOTSTRAP_PASSWORD: " + AccountStore.PASSWORD_TOO_LONG);
        }
        if (generated) {
            password = generatePassword();
        }
        accounts.createOrganizationWithOwner(email, passwordEncoder.encode(password), orgName, orgType);
        if (generated) {
            out.println("Generated password for " + AccountStore.normalizeEmail(email) + ": " + password
                    + " (shown once; change it in the console)");
            out.flush();
        }
    }

    private String setting(String name, String fallback) {
        String value = environment.getProperty(name, "").trim();
        return value.isEmpty() ? fallback : value;
    }

    private static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
