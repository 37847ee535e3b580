package dk.simplydinero.mapping;

import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import org.springframework.beans.factory.SmartInitializingSingleton;
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

    /** Name of the CRM product created for Dinero lines without a product (when simplycrm.fallback-product is empty). */
    public static final String FALLBACK_PRODUCT = "Dinero-linje uden vare";

    /** Every mapping processor applies the custom mapping file's rules of its module on top of its default mapping. */
    @Bean
    SmartInitializingSingleton customMappingOfProcessors(ActiveMapping active, OrganizationMapping organizations,
                                                         ContactMapping contacts, ProductMapping products,
                                                         InvoiceMapping invoices, DineroCompanyMapping companies,
                                                         DineroPersonMapping persons, DineroProductMapping dineroProducts,
                                                         DineroInvoiceMapping dineroInvoices) {
        return () -> {
            organizations.customizedBy(SyncModule.ORGANIZATIONS, active::current);
            contacts.customizedBy(SyncModule.CONTACTS, active::current);
            products.customizedBy(SyncModule.PRODUCTS, active::current);
            invoices.customizedBy(SyncModule.INVOICES, active::current);
            companies.customizedBy(SyncModule.ORGANIZATIONS, active::current);
            persons.customizedBy(SyncModule.CONTACTS, active::current);
            dineroProducts.customizedBy(SyncModule.PRODUCTS, active::current);
            dineroInvoices.customizedBy(SyncModule.INVOICES, active::current);
        };
    }

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

    // ------------------------------------------------------------------------------------------ Dinero → CRM

    @Bean
    DineroCompanyMapping dineroCompanyMapping(SimplyCrmProperties crm) {
        return new DineroCompanyMapping(crm);
    }

    @Bean
    DineroPersonMapping dineroPersonMapping() {
        return new DineroPersonMapping();
    }

    @Bean
    DineroProductMapping dineroProductMapping() {
        return new DineroProductMapping();
    }

    @Bean
    DineroInvoiceMapping dineroInvoiceMapping(SyncProperties sync, SimplyCrmProperties crmSettings, LinkStore links,
                                              SimplyCrmClient crm) {
        java.util.concurrent.atomic.AtomicReference<String> fallbackProductId = new java.util.concurrent.atomic.AtomicReference<>();
        CrmLinkLookup linked = new CrmLinkLookup() {
            @Override
            public Optional<String> crmId(SyncModule module, String dineroId) {
                return links.byDineroId(module, dineroId).map(Link::crmId);
            }

            /** Lines without a product in Dinero: one CRM product stands for them, found by name or created once. */
            @Override
            public synchronized Optional<String> fallbackProduct() {
                return Optional.of(fallbackProductId.updateAndGet(known -> known != null ? known
                        : crm.findOrCreate("Products", "productname", FALLBACK_PRODUCT, Map.of("productname",
                                FALLBACK_PRODUCT, "unit_price", "0", "description", "Dinero invoice lines without a product"))));
            }

            /** The customer's address from the CRM record, so the invoice gets real street fields (mandatory). */
            @Override
            public Optional<CrmCustomer> customer(SyncModule module, String crmId) {
                Map<String, Object> r = crm.retrieve(crmId);
                return Optional.of(module == SyncModule.CONTACTS
                        ? new CrmCustomer(text(r, "account_id"), text(r, "mailingstreet"), text(r, "mailingzip"),
                                text(r, "mailingcity"), text(r, "mailingcountry"))
                        : new CrmCustomer(crmId, text(r, "bill_street"), text(r, "bill_code"), text(r, "bill_city"),
                                text(r, "bill_country")));
            }
        };
        return new DineroInvoiceMapping(sync, crmSettings, linked, crmCurrencies(crm));
    }

    private static String text(Map<String, Object> record, String field) {
        Object value = record.get(field);
        return value == null ? "" : value.toString();
    }

    /** ISO code → CRM currency record id, read once per code. */
    private static CrmCurrencyLookup crmCurrencies(SimplyCrmClient crm) {
        Map<String, Optional<String>> ids = new ConcurrentHashMap<>();
        return code -> ids.computeIfAbsent(code, key -> crm.query("SELECT id FROM Currency WHERE currency_code = "
                        + SimplyCrmClient.literal(key) + ";").stream().findFirst().map(r -> String.valueOf(r.get("id"))));
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
