package dk.simplydinero.api;

import dk.simplydinero.config.InvalidSettingException;
import dk.simplydinero.sandbox.SandboxProperties;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.stereotype.Component;

/**
 * Outside the sandbox the REST API and Hawtio reach real customer and accounting data: the service does not
 * start without a password for their user.
 */
@Component
public class ApiPasswordCheck implements InitializingBean {

    private final SecurityProperties security;
    private final SandboxProperties sandbox;

    public ApiPasswordCheck(SecurityProperties security, SandboxProperties sandbox) {
        this.security = security;
        this.sandbox = sandbox;
    }

    @Override
    public void afterPropertiesSet() {
        String password = security.getUser().getPassword();
        if (!sandbox.isEnabled() && (password == null || password.isBlank() || security.getUser().isPasswordGenerated())) {
            throw new InvalidSettingException("spring.security.user.password",
                    "must be set (not empty) when sandbox.enabled=false; it guards /api/** and Hawtio");
        }
    }
}
