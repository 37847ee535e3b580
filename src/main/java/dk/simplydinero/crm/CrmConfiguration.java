package dk.simplydinero.crm;

import dk.simplydinero.http.ResilienceProperties;
import dk.simplydinero.sandbox.crm.CrmSimulator;
import dk.simplydinero.status.ConnectionCheck;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Simply CRM client, pointed at the sandbox simulator when it runs. */
@Configuration
public class CrmConfiguration {

    @Bean
    SimplyCrmClient simplyCrmClient(SimplyCrmProperties settings, ResilienceProperties resilience,
                                    ObjectProvider<CrmSimulator> sandbox) {
        sandbox.ifAvailable(simulator -> settings.setUrl(simulator.baseUrl()));
        return new SimplyCrmClient(settings).resilience(resilience);
    }

    @Bean
    ConnectionCheck crmConnection(SimplyCrmClient client) {
        return client::checkConnection;
    }
}
