package dk.simplydinero.contacts;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The contacts record type and its two mappers, by the bean names the routes use.
 */
@Configuration
public class ContactsConfiguration {

    @Bean
    Contacts contacts() {
        return new Contacts();
    }

    @Bean
    ContactMapping contactMapping(Contacts type) {
        return new ContactMapping(type);
    }

    @Bean
    DineroPersonMapping dineroPersonMapping(Contacts type) {
        return new DineroPersonMapping(type);
    }
}
