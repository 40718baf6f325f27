package dev.clauth.server.account;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Sign-in by email. The signed-in principal's name is the account's uuid, so that logins stay
 * tied to the account whatever its email becomes.
 */
@Service
public class AccountUserDetailsService implements UserDetailsService {

    private final AccountStore accounts;

    public AccountUserDetailsService(AccountStore accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        return accounts.findCredentials(email)
                .map(c -> User.withUsername(c.accountUuid()).password(c.passwordHash()).roles("USER").build())
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }
}
