package dk.simplydinero.crm;

import dk.simplydinero.http.CamelHttpTransport;
import dk.simplydinero.http.ResilienceProperties;
import dk.simplydinero.model.SideState;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Simply CRM client on the {@code simplycrm.*} settings, reporting what its calls see to the CRM's state. */
@Configuration
public class CrmConfiguration {

    @Bean
    SimplyCrmClient simplyCrmClient(SimplyCrmProperties settings, ResilienceProperties resilience,
                                    @Qualifier("crmState") SideState state, CamelHttpTransport transport) {
        return new SimplyCrmClient(settings, transport).resilience(resilience).reportTo(state);
    }
}
