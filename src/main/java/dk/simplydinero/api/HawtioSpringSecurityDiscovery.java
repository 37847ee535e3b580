package dk.simplydinero.api;

import io.hawt.web.auth.AuthenticationConfiguration;
import io.hawt.web.auth.AuthenticationContainerDiscovery;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import java.util.Map;

/**
 * Hands Hawtio's authentication over to Spring Security (see {@link SecurityConfiguration}).
 *
 * <p>hawtio-springboot 5.2.0 means to do this itself ({@code SpringHawtioContextListener} registers its
 * {@code SpringSecurityJAASConfiguration}), but only when {@code io.hawt.springboot.security.HawtioSpringSecurityLoginModule}
 * is on the classpath, and that class ships in the separate {@code io.hawt:hawtio-springboot-security} artifact,
 * which this project does not depend on. Without it Hawtio falls back to a JAAS realm "hawtio" that does not exist,
 * so every Basic-authenticated Jolokia request fails with 403 and, after a few, Hawtio's login throttling answers 429.
 *
 * <p>Hawtio loads this class by name (property {@code hawtio.authenticationContainerDiscoveryClasses}) while it
 * builds its {@link AuthenticationConfiguration}. It then:
 * <ul>
 *   <li>marks Spring Security as the external authentication, so {@code /actuator/hawtio/auth/config/login} offers
 *       the front end the "external" method (log in through Spring Security's {@code /login}),
 *       {@code /actuator/hawtio/user} answers the Spring user and {@code auth/logout} logs out of Spring Security;</li>
 *   <li>adds the JAAS configuration Hawtio uses to authorize each Jolokia request: Spring's
 *       {@code SecurityContextLoginModule} (takes the request's already authenticated Spring {@code Authentication})
 *       followed by {@link SpringAuthoritiesLoginModule} (turns its roles into Hawtio role principals, checked
 *       against {@code hawtio.roles}).</li>
 * </ul>
 */
public class HawtioSpringSecurityDiscovery implements AuthenticationContainerDiscovery {

    static final String SPRING_SECURITY_LOGIN_MODULE =
            "org.springframework.security.authentication.jaas.SecurityContextLoginModule";

    @Override
    public String getContainerName() {
        return "Spring Security";
    }

    @Override
    public boolean registerContainerAuthentication(AuthenticationConfiguration authConfig) {
        authConfig.setSpringSecurityEnabled(true);
        authConfig.addConfiguration(new SpringSecurityJaasConfiguration(authConfig));
        return true;
    }

    /** The same login modules for whatever realm Hawtio asks for. */
    static final class SpringSecurityJaasConfiguration extends Configuration {
        private final AuthenticationConfiguration authConfig;

        SpringSecurityJaasConfiguration(AuthenticationConfiguration authConfig) {
            this.authConfig = authConfig;
        }

        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            return new AppConfigurationEntry[] {
                    // REQUIRED: no authenticated Spring Security Authentication, no access.
                    new AppConfigurationEntry(SPRING_SECURITY_LOGIN_MODULE, LoginModuleControlFlag.REQUIRED, Map.of()),
                    new AppConfigurationEntry(SpringAuthoritiesLoginModule.class.getName(), LoginModuleControlFlag.OPTIONAL,
                            Map.of(AuthenticationConfiguration.class.getName(), authConfig))
            };
        }
    }
}
