package dk.simplydinero.logging;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Hands the configured secret values to {@link SecretMasking}. Logback is configured before any bean exists, so this
 * is a plain listener registered in {@code META-INF/spring.factories}: it runs when the Environment is ready (before
 * logging is initialised) and once more when the context is prepared, which adds properties tests register late.
 */
public class SecretsFromEnvironment implements GenericApplicationListener {

    /** Settings whose value is a secret (PRODUCT.md 4.1). */
    public static final List<String> SECRET_SETTINGS = List.of("simplycrm.access-key", "dinero.api-key",
            "dinero.client-secret", "spring.security.user.password", "spring.datasource.password");

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        Class<?> type = eventType.getRawClass();
        return type != null && (ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
                || ApplicationPreparedEvent.class.isAssignableFrom(type));
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            register(prepared.getEnvironment());
        } else if (event instanceof ApplicationPreparedEvent prepared) {
            register(prepared.getApplicationContext().getEnvironment());
        }
    }

    static void register(Environment env) {
        for (String key : SECRET_SETTINGS) {
            SecretMasking.register(env.getProperty(key));
        }
        // Passwords also travel as the base64 of "user:password" in an Authorization header: the API user's to
        // this service, the integration client's to Dinero's token endpoint.
        registerBasic(env.getProperty("spring.security.user.name", "user"), env.getProperty("spring.security.user.password"));
        registerBasic(env.getProperty("dinero.client-id", ""), env.getProperty("dinero.client-secret"));
    }

    private static void registerBasic(String user, String password) {
        if (password != null && !password.isEmpty()) {
            SecretMasking.register(Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * After the EnvironmentPostProcessorApplicationListener (+10), which loads application.properties, and before
     * Spring Boot's LoggingApplicationListener (+20): the secrets from the file are known before the first line.
     */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 15;
    }
}
