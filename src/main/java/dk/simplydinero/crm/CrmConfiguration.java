package dk.simplydinero.crm;

import dk.simplydinero.http.ResilienceProperties;
import dk.simplydinero.sandbox.crm.CrmSimulator;
import dk.simplydinero.status.ConnectionCheck;
import dk.simplydinero.status.SideState;
import dk.simplydinero.sync.SyncProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Simply CRM client, pointed at the sandbox simulator when it runs. */
@Configuration
public class CrmConfiguration {

    @Bean
    SimplyCrmClient simplyCrmClient(SimplyCrmProperties settings, ResilienceProperties resilience,
                                    ObjectProvider<CrmSimulator> sandbox, @Qualifier("crmState") SideState state) {
        sandbox.ifAvailable(simulator -> settings.setUrl(simulator.baseUrl()));
        return new SimplyCrmClient(settings).resilience(resilience).reportTo(state);
    }

    /** The status check reads the change feed of the first module the sync reads (its access is what counts). */
    @Bean
    ConnectionCheck crmConnection(SimplyCrmClient client, SyncProperties sync) {
        String module = sync.getModules().isEmpty() ? "Accounts" : sync.getModules().get(0).crmModule();
        return () -> client.checkConnection(module);
    }
}
