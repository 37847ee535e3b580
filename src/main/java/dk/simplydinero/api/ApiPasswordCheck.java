package dk.simplydinero.api;

import dk.simplydinero.config.InvalidSettingException;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Outside the sandbox the REST API and Hawtio reach real customer and accounting data: the service does not
 * start without a password for their user.
 */
@Component
@ConditionalOnProperty(name = "sandbox.enabled", havingValue = "false", matchIfMissing = true)
public class ApiPasswordCheck implements InitializingBean {

    private final SecurityProperties security;

    public ApiPasswordCheck(SecurityProperties security) {
        this.security = security;
    }

    @Override
    public void afterPropertiesSet() {
        String password = security.getUser().getPassword();
        if (password == null || password.isBlank() || security.getUser().isPasswordGenerated()) {
            throw new InvalidSettingException("spring.security.user.password",
                    "must be set (not empty) when sandbox.enabled=false; it guards /api/** and Hawtio");
        }
    }
}
