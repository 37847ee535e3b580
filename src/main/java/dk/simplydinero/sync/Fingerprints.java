package dk.simplydinero.sync;

import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.mapping.ActiveMapping;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * The fingerprint of one side of a record: the hash of the fields the sync owns on that side (what the default
 * mapping writes there, and what a custom mapping file adds), missing = empty. A link keeps the fingerprint of each side as we last wrote or saw it,
 * so "this side changed since" is one comparison, and our own writes coming back in the next change feed (echoes)
 * compare equal and are not bounced back.
 */
@Component
public class Fingerprints {

    private final String mappingSettings;
    private final ActiveMapping mapping;

    public Fingerprints(SimplyCrmProperties crm, DineroProperties dinero, SyncProperties sync, ActiveMapping mapping) {
        this.mapping = mapping;
        this.mappingSettings = crm.getVatField() + "|" + dinero.getSalesAccount() + "|" + sync.getInvoiceContact()
                + "|" + sync.getMapping();
    }

    private static final List<String> DINERO_CONTACT = List.of("ExternalReference", "Name", "Street", "ZipCode", "City",
            "CountryKey", "Phone", "Email", "Webpage", "VatNumber", "IsPerson");
    private static final List<String> DINERO_PRODUCT = List.of("ExternalReference", "Name", "ProductNumber",
            "BaseAmountValue", "Unit", "Quantity", "AccountNumber");
    private static final List<String> DINERO_INVOICE = List.of("ExternalReference", "ContactGuid", "Date", "Description",
            "Currency", "PaymentConditionType", "PaymentConditionNumberOfDays", "PaymentDate", "Status", "PaymentStatus",
            "ProductLines");
    private static final List<String> DINERO_LINE = List.of("ProductGuid", "Description", "Quantity", "BaseAmountValue",
            "Discount", "AccountNumber");

    private static final List<String> CRM_ACCOUNT = List.of("accountname", "bill_street", "bill_code", "bill_city",
            "bill_country", "phone", "email1", "website", "cf_*");
    private static final List<String> CRM_CONTACT = List.of("firstname", "lastname", "mailingstreet", "mailingzip",
            "mailingcity", "mailingcountry", "phone", "mobile", "email");
    private static final List<String> CRM_PRODUCT = List.of("productname", "product_no", "unit_price", "usageunit");
    private static final List<String> CRM_INVOICE = List.of("account_id", "contact_id", "invoicedate", "duedate", "subject",
            "currency_id", "invoicestatus", "received", "balance", "LineItems");
    private static final List<String> CRM_LINE = List.of("productid", "comment", "quantity", "listprice",
            "discount_percent", "discount_amount");

    /** The Dinero side of a record: a Dinero record as read, or the content we are about to write. */
    public String dinero(SyncModule module, Map<String, ?> record) {
        return dinero(module, record, null);
    }

    /**
     * The Dinero side of a record as Dinero holds it; for an invoice with its payments answer too, so that booking
     * and paying it in Dinero count as changes (status and money flow to the CRM).
     */
    public String dinero(SyncModule module, Map<String, ?> record, Map<String, ?> payments) {
        return switch (module) {
            case ORGANIZATIONS, CONTACTS -> withRules(module, project(record, withCustom(DINERO_CONTACT,
                    mapping.dineroFields(module)), List.of()));
            case PRODUCTS -> withRules(module, project(record, withCustom(DINERO_PRODUCT, mapping.dineroFields(module)),
                    List.of()));
            case INVOICES -> {
                Map<String, Object> owned = project(record, withCustom(DINERO_INVOICE, mapping.dineroFields(module)),
                        DINERO_LINE);
                owned.put("~paid", payments == null ? "" : String.valueOf(payments.get("PaidAmount")));
                owned.put("~remaining", payments == null ? "" : String.valueOf(payments.get("RemainingAmount")));
                yield withRules(module, owned);
            }
        };
    }

    /**
     * The CRM side of a record as read from the CRM. The mapping settings are part of it: after a change of
     * {@code simplycrm.vat-field}, {@code dinero.sales-account} or {@code sync.invoice-contact} every record maps
     * differently, so none may pass as unchanged.
     */
    public String crm(@Header("module") SyncModule module, @Body Map<String, ?> record) {
        Set<String> custom = mapping.crmFields(module);
        Map<String, Object> owned = switch (module) {
            case ORGANIZATIONS -> project(record, withCustom(CRM_ACCOUNT, custom), List.of());
            case CONTACTS -> project(record, withCustom(CRM_CONTACT, custom), List.of());
            case PRODUCTS -> project(record, withCustom(CRM_PRODUCT, custom), List.of());
            case INVOICES -> project(record, withCustom(CRM_INVOICE, custom), CRM_LINE);
        };
        owned.put("~mapping", mappingSettings + customRules(module));
        return ContentHash.of(owned);
    }

    /** The custom rules of the module as part of the fingerprint; nothing without custom rules (as before them). */
    private String customRules(SyncModule module) {
        String rules = mapping.signature(module);
        return rules.isEmpty() ? "" : "|" + rules;
    }

    private String withRules(SyncModule module, Map<String, Object> owned) {
        String rules = customRules(module);
        if (!rules.isEmpty()) {
            owned.put("~rules", rules);
        }
        return ContentHash.of(owned);
    }

    /** The default's fields and those the custom mapping file adds (sync.mapping=custom); also the feed's list. */
    static List<String> withCustom(List<String> fields, Set<String> custom) {
        if (custom.isEmpty()) {
            return fields;
        }
        Set<String> all = new LinkedHashSet<>(fields);
        all.addAll(custom);
        return List.copyOf(all);
    }

    /** The owned fields of a record (and of each line in the one list field); {@code cf_*} = every custom field. */
    private static Map<String, Object> project(Map<String, ?> record, List<String> fields, List<String> lineFields) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String field : fields) {
            if (field.endsWith("*")) {
                String prefix = field.substring(0, field.length() - 1);
                record.forEach((k, v) -> {
                    if (k.startsWith(prefix)) {
                        out.put(k, v == null ? "" : v);
                    }
                });
            } else if (!lineFields.isEmpty() && record.get(field) instanceof List<?> lines) {
                out.put(field, lines.stream()
                        .map(line -> line instanceof Map<?, ?> m ? project(stringKeys(m), lineFields, List.of()) : line)
                        .toList());
            } else {
                Object value = record.get(field);
                out.put(field, value == null ? "" : value);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> stringKeys(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }
}
