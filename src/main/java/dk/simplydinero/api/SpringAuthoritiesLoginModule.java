package dk.simplydinero.api;

import io.hawt.web.auth.AuthenticationConfiguration;
import io.hawt.web.auth.RolePrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JAAS login module run after Spring's {@code SecurityContextLoginModule}: adds one Hawtio role principal per
 * Spring Security role of the authenticated user ({@code ROLE_admin} becomes role {@code admin}), so Hawtio can
 * check them against {@code hawtio.roles}. See {@link HawtioSpringSecurityDiscovery}.
 */
public class SpringAuthoritiesLoginModule implements LoginModule {

    private Subject subject;
    private Class<? extends Principal> roleClass = RolePrincipal.class;
    private final List<Principal> added = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
                           Map<String, ?> options) {
        this.subject = subject;
        Object config = options.get(AuthenticationConfiguration.class.getName());
        if (config instanceof AuthenticationConfiguration authConfig && authConfig.getDefaultRolePrincipalClass() != null) {
            roleClass = authConfig.getDefaultRolePrincipalClass();
        }
    }

    @Override
    public boolean login() {
        return true;
    }

    @Override
    public boolean commit() throws LoginException {
        for (Authentication auth : subject.getPrincipals(Authentication.class)) {
            for (GrantedAuthority authority : auth.getAuthorities()) {
                String role = authority.getAuthority();
                if (role == null) {
                    continue;
                }
                if (role.startsWith("ROLE_")) {
                    role = role.substring("ROLE_".length());
                }
                try {
                    Principal principal = roleClass.getConstructor(String.class).newInstance(role);
                    added.add(principal);
                } catch (ReflectiveOperationException e) {
                    LoginException failure = new LoginException("Cannot create role principal " + roleClass.getName());
                    failure.initCause(e);
                    throw failure;
                }
            }
        }
        subject.getPrincipals().addAll(added);
        return true;
    }

    @Override
    public boolean abort() {
        added.clear();
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(added);
        added.clear();
        return true;
    }
}
