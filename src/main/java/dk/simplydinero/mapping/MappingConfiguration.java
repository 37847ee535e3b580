package dk.simplydinero.mapping;

import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import dk.simplydinero.sync.SyncProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default mappings as beans, by the names the routes use ({@code organizationMapping}, {@code contactMapping},
 * {@code productMapping}, {@code invoiceMapping}).
 */
@Configuration
public class MappingConfiguration {

    @Bean
    OrganizationMapping organizationMapping(SimplyCrmProperties crm) {
        return new OrganizationMapping(crm);
    }

    @Bean
    ContactMapping contactMapping() {
        return new ContactMapping();
    }

    @Bean
    ProductMapping productMapping(DineroProperties dinero) {
        return new ProductMapping(dinero);
    }

    @Bean
    InvoiceMapping invoiceMapping(SyncProperties sync, DineroProperties dinero, LinkStore links, SimplyCrmClient crm) {
        LinkLookup linked = (module, crmId) -> links.byCrmId(module, crmId).map(Link::dineroId);
        return new InvoiceMapping(sync, dinero, linked, currencies(crm));
    }

    /** CRM currency record id → ISO code; a CRM has a handful of currencies, so each is read once. */
    private static CurrencyLookup currencies(SimplyCrmClient crm) {
        Map<String, String> codes = new ConcurrentHashMap<>();
        return id -> Optional.ofNullable(codes.computeIfAbsent(id, key -> {
            Object code = crm.retrieve(key).get("currency_code");
            return code == null || code.toString().isBlank() ? null : code.toString();
        }));
    }
}
