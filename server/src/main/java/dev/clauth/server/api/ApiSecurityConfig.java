package dev.clauth.server.api;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;

import dev.clauth.server.apikey.ApiKeyStore;
import dev.clauth.server.metrics.ApiAuthMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import dev.clauth.server.web.SecurityHeaders;
import tools.jackson.databind.json.JsonMapper;

/** The API ({@code /v1/messages}, {@code /v1/sessions}, {@code /api/…}): stateless, no cookies, credentials checked by {@link ApiAuthenticationFilter}. */
@Configuration(proxyBeanMethods = false)
public class ApiSecurityConfig {

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, OAuth2AuthorizationService authorizations, ApiKeyStore apiKeys,
            Clock clock, JsonMapper json, MeterRegistry meters) throws Exception {
        http.securityMatcher("/v1/messages", "/v1/messages/**", "/v1/sessions", "/v1/sessions/**", "/api/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
                .addFilterAfter(new ApiAuthenticationFilter(authorizations, apiKeys, clock, json),
                        SecurityContextHolderFilter.class)
                .addFilterBefore(new ApiAuthMetrics(meters), SecurityContextHolderFilter.class);
        SecurityHeaders.apply(http);
        return http.build();
    }
}
