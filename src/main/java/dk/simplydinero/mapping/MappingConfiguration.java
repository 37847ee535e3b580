package dk.simplydinero.mapping;

import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the mappers of every record type share: the custom mapping file on top of each default mapping, and the
 * lookups of links and currencies the invoice mappers use. The record types and their mappers are beans of their
 * own packages ({@code organizations}, {@code contacts}, {@code products}, {@code invoices}).
 */
@Configuration
public class MappingConfiguration {

    /** Name of the CRM product created for Dinero lines without a product (when simplycrm.fallback-product is empty). */
    public static final String FALLBACK_PRODUCT = "Dinero-linje uden vare";
    /** What is created as the fallback product when the CRM does not have it yet. */
    public static final Map<String, Object> FALLBACK_PRODUCT_ELEMENT = Map.of("productname", FALLBACK_PRODUCT,
            "unit_price", "0", "description", "Dinero invoice lines without a product");

    /** Every mapper applies the custom mapping file's rules of its record type on top of its default mapping. */
    @Bean
    SmartInitializingSingleton customMappingOfProcessors(ActiveMapping active, RecordTypes types) {
        return () -> types.mappers().forEach(mapper -> mapper.customizedBy(active::current));
    }

    /** Dinero ids of linked CRM records (the invoice's customer and products). */
    @Bean
    LinkLookup dineroLinks(LinkStore links) {
        return (module, crmId) -> links.byCrmId(module, crmId).map(Link::dineroId);
    }

    /** CRM ids (and customer addresses) of linked Dinero records. */
    @Bean
    CrmLinkLookup crmLinks(LinkStore links, SimplyCrmClient crm, List<RecordType> types, CrmCustomers written) {
        java.util.concurrent.atomic.AtomicReference<String> fallbackProductId = new java.util.concurrent.atomic.AtomicReference<>();
        return new CrmLinkLookup() {
            @Override
            public Optional<String> crmId(SyncModule module, String dineroId) {
                return links.byDineroId(module, dineroId).map(Link::crmId);
            }

            /** Lines without a product in Dinero: one CRM product stands for them, found by name or created once. */
            @Override
            public synchronized Optional<String> fallbackProduct() {
                return Optional.of(fallbackProductId.updateAndGet(known -> known != null ? known
                        : crm.findOrCreate("Products", "productname", FALLBACK_PRODUCT, FALLBACK_PRODUCT_ELEMENT)));
            }

            /**
             * The customer's address from the CRM record, so the invoice gets real street fields (mandatory): the CRM
             * fields the customer's own type writes Dinero's Street, ZipCode, City and CountryKey to. A contact's
             * organization is its account_id. One the run wrote is known from the CRM's answer (CrmCustomers).
             */
            @Override
            public Optional<CrmCustomer> customer(SyncModule module, String crmId) {
                Optional<CrmCustomer> known = written.find(crmId);
                if (known.isPresent()) {
                    return known;
                }
                RecordType type = types.stream().filter(t -> t.module() == module).findFirst().orElseThrow();
                return Optional.of(customerOf(type, crmId, crm.retrieve(crmId)));
            }
        };
    }

    /**
     * An invoice customer as its CRM record {@code r} shows it (also a record the dry run would create): the fields
     * the customer's own type writes Dinero's Street, ZipCode, City and CountryKey to; a contact's organization is its
     * account_id.
     */
    public static CrmLinkLookup.CrmCustomer customerOf(RecordType type, String crmId, Map<String, Object> r) {
        java.util.function.Function<String, String> address = dineroField -> type.defaultCrmTarget(dineroField)
                .map(field -> text(r, field)).orElse("");
        return new CrmLinkLookup.CrmCustomer(type.module() == SyncModule.ORGANIZATIONS ? crmId : text(r, "account_id"),
                address.apply("Street"), address.apply("ZipCode"), address.apply("City"), address.apply("CountryKey"));
    }

    private static String text(Map<String, Object> record, String field) {
        Object value = record.get(field);
        return value == null ? "" : value.toString();
    }

    /** ISO code → CRM currency record id, read once per code. */
    @Bean
    CrmCurrencyLookup crmCurrencies(SimplyCrmClient crm) {
        Map<String, Optional<String>> ids = new ConcurrentHashMap<>();
        return code -> ids.computeIfAbsent(code, key -> crm.query("SELECT id FROM Currency WHERE currency_code = "
                        + SimplyCrmClient.literal(key) + ";").stream().findFirst().map(r -> String.valueOf(r.get("id"))));
    }

    /** CRM currency record id → ISO code; a CRM has a handful of currencies, so each is read once. */
    @Bean
    CurrencyLookup currencies(SimplyCrmClient crm) {
        Map<String, String> codes = new ConcurrentHashMap<>();
        return id -> Optional.ofNullable(codes.computeIfAbsent(id, key -> {
            Object code = crm.retrieve(key).get("currency_code");
            return code == null || code.toString().isBlank() ? null : code.toString();
        }));
    }
}
