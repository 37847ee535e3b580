package dk.simplydinero.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sync's meters on the service's registry, which {@code /actuator/prometheus} shows. */
@Configuration
public class MetricsConfiguration {

    @Bean
    SyncMeters syncMeters(MeterRegistry registry) {
        return new SyncMeters(registry);
    }
}
