package dk.simplydinero.http;

import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API clients' transport on the service's Camel context, so their routes and endpoints show in Hawtio. */
@Configuration
public class HttpConfiguration {

    @Bean
    CamelHttpTransport camelHttpTransport(CamelContext camelContext) {
        return CamelHttpTransport.on(camelContext);
    }
}
