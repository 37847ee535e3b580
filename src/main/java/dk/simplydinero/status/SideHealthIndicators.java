package dk.simplydinero.status;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code /actuator/health} components {@code crm} and {@code dinero}: up when the side is green, from what the
 * clients last saw (see {@link StatusService}). Anonymous callers get UP/DOWN only; logged-in users see the
 * components with the message and its age ({@code management.endpoint.health.show-*=when-authorized}).
 */
@Configuration
public class SideHealthIndicators {

    @Bean
    HealthIndicator crmHealthIndicator(StatusService status) {
        return () -> health(status.crm());
    }

    @Bean
    HealthIndicator dineroHealthIndicator(StatusService status) {
        return () -> health(status.dinero());
    }

    private static Health health(SideReport side) {
        Health.Builder health = (side.isGreen() ? Health.up() : Health.down()).withDetail("message", side.message())
                .withDetail("checked", side.checked());
        if (side.checkedAt() != null) {
            health.withDetail("checkedAt", side.checkedAt());
        }
        return health.build();
    }
}
