package dk.simplydinero.status;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class PendingConnections {
    @Bean ConnectionCheck crmConnection() { return () -> SideStatus.red("pending"); }
    @Bean ConnectionCheck dineroConnection() { return () -> SideStatus.red("pending"); }
}
