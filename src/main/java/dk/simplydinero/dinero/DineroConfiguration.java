package dk.simplydinero.dinero;

import dk.simplydinero.http.ResilienceProperties;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import dk.simplydinero.status.ConnectionCheck;
import dk.simplydinero.status.SideState;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Dinero client, pointed at the sandbox simulator when it runs. */
@Configuration
public class DineroConfiguration {

    @Bean
    DineroClient dineroClient(DineroProperties settings, ResilienceProperties resilience,
                              ObjectProvider<DineroSimulator> sandbox, @Qualifier("dineroState") SideState state) {
        sandbox.ifAvailable(simulator -> {
            settings.setApiUrl(simulator.baseUrl());
            settings.setAuthUrl(simulator.baseUrl() + "/dineroapi/oauth/token");
        });
        return new DineroClient(settings).resilience(resilience).reportTo(state);
    }

    @Bean
    ConnectionCheck dineroConnection(DineroClient client) {
        return client::checkConnection;
    }
}
