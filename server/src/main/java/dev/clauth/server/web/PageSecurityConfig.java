package dev.clauth.server.web;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/** Sign-in and the other pages a person sees: form login, CSRF on every form, strict headers. */
@Configuration(proxyBeanMethods = false)
public class PageSecurityConfig {

    public static final String LOGIN_PAGE = "/login";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** bcrypt by default; stored hashes carry their algorithm, so a later default can take over. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @Order(3)
    SecurityFilterChain pageChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(LOGIN_PAGE, "/oauth/code/callback", "/oauth/code/success", "/oauth/error",
                                "/error", "/css/**", "/js/**", "/favicon.ico",
                                "/invite")
                        .permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form
                        .loginPage(LOGIN_PAGE)
                        .usernameParameter("username")
                        .passwordParameter("password")
                        .failureUrl(LOGIN_PAGE + "?error")
                        .permitAll())
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler(ConsentCsrf.expiredForm()));
        SecurityHeaders.apply(http);
        return http.build();
    }
}
