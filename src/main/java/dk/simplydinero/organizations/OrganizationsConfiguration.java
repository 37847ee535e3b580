package dk.simplydinero.organizations;

import dk.simplydinero.crm.SimplyCrmProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The organizations record type and its two mappers, by the bean names the routes use.
 */
@Configuration
public class OrganizationsConfiguration {

    @Bean
    Organizations organizations(SimplyCrmProperties crm) {
        return new Organizations(crm);
    }

    @Bean
    OrganizationMapping organizationMapping(Organizations type) {
        return new OrganizationMapping(type);
    }

    @Bean
    DineroCompanyMapping dineroCompanyMapping(Organizations type) {
        return new DineroCompanyMapping(type);
    }
}
