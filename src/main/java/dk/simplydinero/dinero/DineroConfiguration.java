package dk.simplydinero.dinero;

import dk.simplydinero.http.CamelHttpTransport;
import dk.simplydinero.http.ResilienceProperties;
import dk.simplydinero.metrics.SyncMeters;
import dk.simplydinero.model.SideState;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Dinero client on the {@code dinero.*} settings, reporting what its calls see to Dinero's state. */
@Configuration
public class DineroConfiguration {

    @Bean
    DineroClient dineroClient(DineroProperties settings, ResilienceProperties resilience,
                              @Qualifier("dineroState") SideState state, CamelHttpTransport transport,
                              SyncMeters meters) {
        DineroClient client = new DineroClient(settings, transport).resilience(resilience).reportTo(state);
        meters.dineroBudget(() -> client.rateLimiter().used(), () -> client.rateLimiter().permits());
        return client;
    }
}
