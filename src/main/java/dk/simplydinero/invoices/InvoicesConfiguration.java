package dk.simplydinero.invoices;

import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.mapping.CrmCurrencyLookup;
import dk.simplydinero.mapping.CrmLinkLookup;
import dk.simplydinero.mapping.CurrencyLookup;
import dk.simplydinero.mapping.LinkLookup;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The invoices record type and its two mappers, by the bean names the routes use.
 */
@Configuration
public class InvoicesConfiguration {

    @Bean
    Invoices invoices() {
        return new Invoices();
    }

    @Bean
    InvoiceMapping invoiceMapping(Invoices type, SyncProperties sync, DineroProperties dinero, LinkLookup links,
                                  CurrencyLookup currencies) {
        return new InvoiceMapping(type, sync, dinero, links, currencies);
    }

    @Bean
    DineroInvoiceMapping dineroInvoiceMapping(Invoices type, SyncProperties sync, SimplyCrmProperties crm,
                                              CrmLinkLookup links, CrmCurrencyLookup currencies) {
        return new DineroInvoiceMapping(type, sync, crm, links, currencies);
    }
}
