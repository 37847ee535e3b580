package dk.simplydinero.api;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.http.HttpMethod;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.web.filter.OncePerRequestFilter;

import dk.simplydinero.config.InvalidSettingException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HTTP Basic for scripts and a login form for the browser (the console at {@code /} and Hawtio) on everything except
 * the health probe. The REST API is called by scripts with Basic credentials and keeps no session, so it takes no
 * CSRF token; the browser's pages keep a session (cookie HttpOnly, SameSite=Lax: server.servlet.session.cookie.*)
 * and their forms and Hawtio's front end carry the cookie-based CSRF token ({@code XSRF-TOKEN}).
 * Two roles ({@link Roles}): a viewer reads, an operator may also sync, retry and reload the mapping.
 */
@Configuration
@EnableConfigurationProperties(ViewerProperties.class)
public class SecurityConfiguration {

    /** What only an operator may do, in the API and in the console (POST). */
    private static final String[] OPERATOR_API_CALLS = {"/api/sync", "/api/sync/**", "/api/failures/*/retry",
            "/api/mapping/reload"};
    private static final String[] OPERATOR_CONSOLE_FORMS = {"/sync", "/sync/preview", "/failures/*/retry",
            "/mapping/reload", "/records/*/*/sync", "/records/*/*/preview"};
    /** Jolokia, directly and through Hawtio. */
    private static final String[] JOLOKIA = {"/actuator/jolokia", "/actuator/jolokia/**", "/actuator/hawtio/**"};
    /** Jolokia's operations and attribute writes as GET paths. */
    private static final String[] JOLOKIA_CHANGES = {"/actuator/jolokia/exec/**", "/actuator/jolokia/write/**",
            "/actuator/hawtio/jolokia/exec/**", "/actuator/hawtio/jolokia/write/**"};
    /** The console's pages (servlet URL patterns; "" is the root page). */
    private static final String[] CONSOLE_PAGES = {"", "/login", "/sync", "/sync/*", "/runs", "/runs/*", "/failures",
            "/failures/*", "/mapping", "/mapping/*", "/records", "/records/*", "/money", "/money/*"};
    /** The console's style sheet and script: no secret in them, and never a page to return to after the login. */
    static final String ASSETS = "/assets/**";
    static final String LOGIN_PAGE = "/login";
    /** Already encoded ({@code {bcrypt}…}, {@code {noop}…}), as Spring Boot's own user setting takes it. */
    private static final Pattern ENCODED = Pattern.compile("^\\{.+}.*$");

    /**
     * The users: {@code spring.security.user.*} (roles from {@code spring.security.user.roles}, checked) and the
     * optional read-only {@code security.viewer.*}. Replaces Spring Boot's single user, which knows no second one.
     */
    @Bean
    UserDetailsService users(SecurityProperties security, ViewerProperties viewer) {
        SecurityProperties.User main = security.getUser();
        List<UserDetails> users = new ArrayList<>();
        users.add(User.withUsername(main.getName()).password(encoded(main.getPassword()))
                .roles(Roles.check("spring.security.user.roles", main.getRoles())).build());
        if (!viewer.getName().isEmpty()) {
            if (viewer.getPassword().isBlank()) {
                throw new InvalidSettingException("security.viewer.password",
                        "must be set when security.viewer.name is (or leave security.viewer.name empty: no viewer)");
            }
            if (viewer.getName().equals(main.getName())) {
                throw new InvalidSettingException("security.viewer.name",
                        "'" + viewer.getName() + "' is already spring.security.user.name; give the viewer a name of its own");
            }
            users.add(User.withUsername(viewer.getName()).password(encoded(viewer.getPassword()))
                    .roles(Roles.VIEWER).build());
        }
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager(users);
        // Only the lookup, not the manager itself: as a UserDetailsPasswordService it would have Spring Security
        // re-encode a password configured in plain text with BCrypt at the first login, and every later Basic call
        // (the API keeps no session: a script polling a run logs in each time) would cost a BCrypt check, about 0.1 s
        // of CPU on the cores a running sync needs. The plain text is in the settings anyway; a password configured
        // as {bcrypt}… stays so, with its cost.
        return manager::loadUserByUsername;
    }

    /**
     * Spring Security's encoders by id, with a plain ({@code {noop}}) password compared in constant time (its own
     * NoOpPasswordEncoder uses String.equals, whose time tells how much of a guess matched). A login by an unknown
     * name is checked against a password encoded with the default id: BCrypt only when a configured password is
     * BCrypt, so that an unknown name takes as long as a known one and its time does not tell which names exist.
     */
    @Bean
    PasswordEncoder passwordEncoder(SecurityProperties security, ViewerProperties viewer) {
        boolean bcrypt = java.util.stream.Stream.of(security.getUser().getPassword(), viewer.getPassword())
                .anyMatch(password -> password != null && password.startsWith("{bcrypt}"));
        DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder(bcrypt ? "bcrypt" : "noop",
                Map.of("bcrypt", new BCryptPasswordEncoder(), "noop", new PlainPasswordEncoder()));
        encoder.setDefaultPasswordEncoderForMatches(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        return encoder;
    }

    /** A password kept as configured, compared in constant time. */
    static final class PlainPasswordEncoder implements PasswordEncoder {
        @Override
        public String encode(CharSequence raw) {
            return raw.toString();
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            return encoded != null && MessageDigest.isEqual(raw.toString().getBytes(StandardCharsets.UTF_8),
                    encoded.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String encoded(String password) {
        return ENCODED.matcher(password).matches() ? password : "{noop}" + password;
    }

    /**
     * The REST API: HTTP Basic on every call, no session. Without a session cookie a page in another tab of a
     * browser logged in to Hawtio cannot make calls here on the user's behalf.
     */
    @Bean
    @Order(1)
    SecurityFilterChain apiFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.POST, OPERATOR_API_CALLS).hasRole(Roles.OPERATOR)
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", ASSETS).permitAll()
                        // Jolokia runs operations and writes attributes (stop a route, change a setting): never by a
                        // GET, which another site's link could make with the user's session or cached Basic login
                        // (POSTs carry the CSRF token), and never by a viewer, through Hawtio or directly.
                        .requestMatchers(HttpMethod.GET, JOLOKIA_CHANGES).denyAll()
                        .requestMatchers(JOLOKIA).hasRole(Roles.OPERATOR)
                        .requestMatchers(HttpMethod.POST, OPERATOR_CONSOLE_FORMS).hasRole(Roles.OPERATOR)
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                // the console's own form (dk.simplydinero.console), in Danish or English
                .formLogin(form -> form.loginPage(LOGIN_PAGE).permitAll())
                .requestCache(cache -> cache.requestCache(requestsOnly()))
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()))
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class);
        return http.build();
    }

    /**
     * Remembers the page to return to after the login only for a page the user asked for: a GET, and neither the
     * error dispatch that follows a refused /api/** call (which reaches this chain as /error: a refused API call
     * creates no session), nor what the browser fetches on its own meanwhile (/favicon.ico, the console's assets,
     * a script's fetch), which would otherwise replace the page and land the user on {@code /favicon.ico?continue}.
     */
    static RequestCache requestsOnly() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(pagesOnly());
        return cache;
    }

    static RequestMatcher pagesOnly() {
        return request -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return request.getDispatcherType() == DispatcherType.REQUEST
                    && "GET".equals(request.getMethod())
                    && !path.contains("favicon.")
                    && !path.startsWith(ASSETS.substring(0, ASSETS.length() - 2))
                    && !"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))
                    && !"fetch".equals(request.getHeader("X-Requested-With"));
        };
    }

    /**
     * Masks configured secret values in the answers of /api/** and of the console's pages, which show the same
     * reasons and messages (defence in depth; see {@link SecretAnswerFilter}). Not Hawtio's or the assets' files.
     */
    @Bean
    FilterRegistrationBean<SecretAnswerFilter> secretAnswerFilter() {
        FilterRegistrationBean<SecretAnswerFilter> registration = new FilterRegistrationBean<>(new SecretAnswerFilter());
        registration.addUrlPatterns("/api/*");
        registration.addUrlPatterns(CONSOLE_PAGES);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }

    /** Loads the deferred CSRF token on every request so the cookie reaches Hawtio's front end. */
    static final class CsrfCookieFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
