package dk.simplydinero.status;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code /actuator/health} components {@code crm} and {@code dinero}: up when the side is green. */
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

    private static Health health(SideStatus side) {
        return (side.isGreen() ? Health.up() : Health.down()).withDetail("message", side.message()).build();
    }
}
