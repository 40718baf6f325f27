package dev.clauth.server.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * {@code /actuator/metrics/**}: read-only, and only for callers on this machine (the server
 * listens on loopback by default; with {@code --host} it may not, and the metrics stay local).
 * Every other actuator path is refused.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsSecurityConfig {

    @Bean
    @Order(0)
    SecurityFilterChain metricsChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/actuator/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(HttpMethod.GET, "/actuator/metrics", "/actuator/metrics/**")
                        .access((authentication, context) -> new AuthorizationDecision(fromLoopback(context.getRequest())))
                        .anyRequest().denyAll())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) -> response.sendError(403))
                        .accessDeniedHandler((request, response, e) -> response.sendError(403)));
        return http.build();
    }

    private static boolean fromLoopback(HttpServletRequest request) {
        try {
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
