package dev.clauth.server.oauth;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.PublicClientAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.clauth.server.Issuer;
import dev.clauth.server.account.AccountStore;
import dev.clauth.server.metrics.TokenMetrics;
import dev.clauth.server.throttle.Throttles;
import io.micrometer.core.instrument.MeterRegistry;
import dev.clauth.server.web.ConsentCsrf;
import dev.clauth.server.web.SecurityHeaders;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring's authorization server, set to clauth's contract (docs/protocol.md): the endpoint paths,
 * the one public client {@code clauth-cli}, opaque prefixed tokens stored as hashes, the
 * redirect-URI rule, {@code client_id}-only authentication for refresh, revocation and the
 * device flow, atomic grants with the refresh-token grace period ({@link AtomicTokenGrant}),
 * the device authorization grant (RFC 8628) with its verification page (user codes braked per
 * account and address, {@link ThrottledDeviceVerification}), and the extra fields of
 * the token response, and the issuer fixed at startup ({@link FixedIssuer}). Each change sits at
 * one of Spring's seams.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationServerConfig {

    public static final String CLIENT_ID = "clauth-cli";
    public static final String AUTHORIZATION_ENDPOINT = "/oauth/authorize";
    public static final String TOKEN_ENDPOINT = "/v1/oauth/token";
    public static final String REVOCATION_ENDPOINT = "/v1/oauth/token/revoke";
    public static final String CONSENT_PAGE = "/oauth/consent";
    public static final String DEVICE_AUTHORIZATION_ENDPOINT = "/v1/oauth/device/code";
    public static final String DEVICE_VERIFICATION_PAGE = DeviceResponses.VERIFICATION_PAGE;
    public static final Duration DEVICE_CODE_LIFETIME = Duration.ofMinutes(10);
    public static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
    public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(8);
    public static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(90);

    @Bean
    AuthorizationServerSettings authorizationServerSettings() {
        return AuthorizationServerSettings.builder()
                .authorizationEndpoint(AUTHORIZATION_ENDPOINT)
                .tokenEndpoint(TOKEN_ENDPOINT)
                .tokenRevocationEndpoint(REVOCATION_ENDPOINT)
                .deviceAuthorizationEndpoint(DEVICE_AUTHORIZATION_ENDPOINT)
                .deviceVerificationEndpoint(DEVICE_VERIFICATION_PAGE)
                .build();
    }

    @Bean
    RegisteredClientRepository registeredClientRepository() {
        RegisteredClient cli = RegisteredClient.withId(UUID.nameUUIDFromBytes(CLIENT_ID.getBytes()).toString())
                .clientId(CLIENT_ID)
                .clientName("clauth CLI")
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
                // Nominal: LoopbackRedirectUris decides which redirect URIs are accepted.
                .redirectUri("http://127.0.0.1/callback")
                .redirectUri("http://localhost/callback")
                .scopes(scopes -> Scopes.all().forEach(scopes::add))
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build())
                .tokenSettings(TokenSettings.builder()
                        .authorizationCodeTimeToLive(CODE_LIFETIME)
                        .accessTokenFormat(OAuth2TokenFormat.REFERENCE)
                        .accessTokenTimeToLive(ACCESS_TOKEN_LIFETIME)
                        .refreshTokenTimeToLive(REFRESH_TOKEN_LIFETIME)
                        .reuseRefreshTokens(false)
                        .deviceCodeTimeToLive(DEVICE_CODE_LIFETIME)
                        .build())
                .build();
        return new InMemoryRegisteredClientRepository(cli);
    }

    @Bean
    HashingAuthorizationService authorizationService(JdbcClient jdbc, RegisteredClientRepository clients,
            JsonMapper json, Clock clock) {
        return new HashingAuthorizationService(jdbc, clients, json, clock);
    }

    @Bean
    RefreshGrace refreshGrace(JdbcClient jdbc, OAuth2AuthorizationService authorizations, JsonMapper json, Clock clock,
            @Value("${clauth.oauth.refresh-grace:10s}") Duration grace) {
        return new RefreshGrace(jdbc, authorizations, json, clock, grace);
    }

    @Bean
    OpaqueTokenGenerator tokenGenerator(Clock clock) {
        return new OpaqueTokenGenerator(clock);
    }

    @Bean
    FilterRegistrationBean<TokenRequestFilter> tokenRequestFilter(JsonMapper json) {
        FilterRegistrationBean<TokenRequestFilter> registration = new FilterRegistrationBean<>(new TokenRequestFilter(json));
        registration.addUrlPatterns(TOKEN_ENDPOINT, REVOCATION_ENDPOINT, DEVICE_AUTHORIZATION_ENDPOINT);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Around the token endpoint, outside {@link TokenRequestFilter}, so that every answer is counted. */
    @Bean
    FilterRegistrationBean<TokenMetrics> tokenMetrics(MeterRegistry registry, JsonMapper json) {
        FilterRegistrationBean<TokenMetrics> registration = new FilterRegistrationBean<>(new TokenMetrics(registry, json));
        registration.addUrlPatterns(TOKEN_ENDPOINT);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http, RegisteredClientRepository clients,
            HashingAuthorizationService authorizations, OpaqueTokenGenerator tokens, AccountStore accounts,
            RefreshGrace grace, PlatformTransactionManager transactionManager, JdbcClient jdbc, Clock clock,
            Throttles throttles, Issuer issuer, AuthorizationServerSettings settings) throws Exception {
        OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
        AccountTokenResponse accountResponse = new AccountTokenResponse(authorizations, accounts);
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        DevicePolling polling = new DevicePolling(jdbc, clock);
        LoopbackRedirectUris redirectUris = new LoopbackRedirectUris();

        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, as -> as
                        .registeredClientRepository(clients)
                        .authorizationService(authorizations)
                        .authorizationConsentService(new AskEveryTimeConsentService())
                        .tokenGenerator(tokens)
                        .clientAuthentication(client -> client
                                .authenticationConverters(converters -> converters.addFirst(
                                        new ClientIdOnlyAuthentication.Converter(TOKEN_ENDPOINT, REVOCATION_ENDPOINT,
                                                DEVICE_AUTHORIZATION_ENDPOINT)))
                                .authenticationProviders(providers -> {
                                    providers.replaceAll(provider -> provider instanceof PublicClientAuthenticationProvider
                                            ? new ReplayedCodeRevocation(provider, authorizations) : provider);
                                    providers.addFirst(new ClientIdOnlyAuthentication.Provider(clients));
                                }))
                        .authorizationEndpoint(authorize -> authorize
                                .consentPage(CONSENT_PAGE)
                                .authorizationResponseHandler(AuthorizationResponses.success())
                                .errorResponseHandler(AuthorizationResponses.failure())
                                .authenticationProviders(providers -> providers.forEach(provider -> {
                                    if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider request) {
                                        request.setAuthenticationValidator(redirectUris.andThen(
                                                OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR));
                                        request.setAuthorizationCodeGenerator(tokens.codes());
                                    } else if (provider instanceof OAuth2AuthorizationConsentAuthenticationProvider consent) {
                                        consent.setAuthorizationCodeGenerator(tokens.codes());
                                    }
                                })))
                        .tokenEndpoint(token -> token
                                .accessTokenResponseHandler(TokenResponses.success())
                                .errorResponseHandler(TokenResponses.failure())
                                .authenticationProviders(providers -> providers.replaceAll(provider ->
                                        AtomicTokenGrant.isTokenGrant(provider) ? new AtomicTokenGrant(provider,
                                                transactions, authorizations, grace, polling, accountResponse)
                                                : provider)))
                        .deviceAuthorizationEndpoint(device -> device
                                .verificationUri(DEVICE_VERIFICATION_PAGE)
                                .deviceAuthorizationResponseHandler(DeviceResponses.authorization())
                                .authenticationProviders(providers -> providers.forEach(provider -> {
                                    if (provider instanceof OAuth2DeviceAuthorizationRequestAuthenticationProvider request) {
                                        request.setDeviceCodeGenerator(tokens.deviceCodes());
                                        request.setUserCodeGenerator(tokens.userCodes());
                                    }
                                })))
                        .deviceVerificationEndpoint(verification -> verification
                                .consentPage(CONSENT_PAGE)
                                .authenticationProviders(providers -> providers.replaceAll(provider ->
                                        ThrottledDeviceVerification.wraps(provider)
                                                ? new ThrottledDeviceVerification(provider, throttles) : provider))
                                .deviceVerificationResponseHandler(DeviceResponses.approved())
                                .errorResponseHandler(DeviceResponses.refused()))
                        .authorizationServerMetadataEndpoint(metadata -> metadata
                                .authorizationServerMetadataCustomizer(builder -> builder.claims(claims -> {
                                    claims.remove("jwks_uri");
                                    claims.remove("tls_client_certificate_bound_access_tokens");
                                    claims.remove("dpop_signing_alg_values_supported");
                                    claims.remove("introspection_endpoint");
                                    claims.remove("introspection_endpoint_auth_methods_supported");
                                    claims.put("grant_types_supported", List.of("authorization_code", "refresh_token",
                                            AuthorizationGrantType.DEVICE_CODE.getValue()));
                                    claims.put("token_endpoint_auth_methods_supported", List.of("none"));
                                    claims.put("revocation_endpoint_auth_methods_supported", List.of("none"));
                                    claims.put("code_challenge_methods_supported", List.of("S256"));
                                    claims.put("authorization_response_iss_parameter_supported", true);
                                    List<String> scopes = new ArrayList<>();
                                    Scopes.all().forEach(scopes::add);
                                    claims.put("scopes_supported", scopes);
                                }))))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(invalidClient(), new OrRequestMatcher(
                                PathPatternRequestMatcher.withDefaults().matcher(TOKEN_ENDPOINT),
                                PathPatternRequestMatcher.withDefaults().matcher(REVOCATION_ENDPOINT),
                                PathPatternRequestMatcher.withDefaults().matcher(DEVICE_AUTHORIZATION_ENDPOINT)))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                new OrRequestMatcher(
                                        PathPatternRequestMatcher.withDefaults().matcher(AUTHORIZATION_ENDPOINT),
                                        PathPatternRequestMatcher.withDefaults().matcher(DEVICE_VERIFICATION_PAGE))));
        http.addFilterAfter(new FixedIssuer(issuer, settings), HeaderWriterFilter.class);
        SecurityHeaders.apply(http);
        ConsentCsrf.apply(http, AUTHORIZATION_ENDPOINT, DEVICE_VERIFICATION_PAGE);
        return http.build();
    }

    private static AuthenticationEntryPoint invalidClient() {
        return (request, response, exception) -> writeInvalidClient(response);
    }

    private static void writeInvalidClient(HttpServletResponse response) throws IOException {
        OAuthErrorResponse.write(response, 401, "invalid_client", "Client authentication failed: client_id");
    }
}
