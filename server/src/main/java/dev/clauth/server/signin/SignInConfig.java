package dev.clauth.server.signin;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts the sign-in brake in front of the security filters. */
@Configuration(proxyBeanMethods = false)
public class SignInConfig {

    @Bean
    FilterRegistrationBean<SignInThrottleFilter> signInThrottleFilter(LoginThrottle throttle) {
        FilterRegistrationBean<SignInThrottleFilter> registration = new FilterRegistrationBean<>(
                new SignInThrottleFilter(throttle));
        registration.addUrlPatterns("/login");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
