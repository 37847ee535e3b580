package dk.simplydinero.status;

import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.model.SideState;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The per-side state holders the clients report to, the clock that dates what they saw, and the checks of each side. */
@Configuration
public class StatusConfiguration {

    /**
     * The service's clock (UTC): dates the status verdicts and the Dinero change-feed cursors (tests put a clock of
     * their own in, as {@code @Primary}).
     */
    @Bean
    Clock statusClock() {
        return Clock.systemUTC();
    }

    /** The CRM's state: the connection and whether the user may read the change feed (admin). */
    @Bean
    SideState crmState(Clock clock) {
        return new SideState(clock, true);
    }

    @Bean
    SideState dineroState(Clock clock) {
        return new SideState(clock, false);
    }

    /** The CRM check reads the change feed of the first module the sync reads (its access is what counts). */
    @Bean
    ConnectionCheck crmConnection(SimplyCrmClient client, SyncProperties sync) {
        String module = sync.getModules().isEmpty() ? "Accounts" : sync.getModules().get(0).crmModule();
        return () -> client.checkConnection(module);
    }

    @Bean
    ConnectionCheck dineroConnection(DineroClient client) {
        return client::checkConnection;
    }
}
