package dk.simplydinero.products;

import dk.simplydinero.dinero.DineroProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The products record type and its two mappers, by the bean names the routes use.
 */
@Configuration
public class ProductsConfiguration {

    @Bean
    Products products(DineroProperties dinero) {
        return new Products(dinero);
    }

    @Bean
    ProductMapping productMapping(Products type) {
        return new ProductMapping(type);
    }

    @Bean
    DineroProductMapping dineroProductMapping(Products type) {
        return new DineroProductMapping(type);
    }
}
