package dk.simplydinero.http;

import dk.simplydinero.metrics.SyncMeters;
import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API clients' transport on the service's Camel context, so their routes and endpoints show in Hawtio, and its
 * calls are counted on the service's meters.
 */
@Configuration
public class HttpConfiguration {

    @Bean
    CamelHttpTransport camelHttpTransport(CamelContext camelContext, SyncMeters meters) {
        return CamelHttpTransport.on(camelContext, meters);
    }
}
