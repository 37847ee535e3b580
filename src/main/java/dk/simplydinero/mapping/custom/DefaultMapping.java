package dk.simplydinero.mapping.custom;

import dk.simplydinero.model.SyncModule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dk.simplydinero.mapping.custom.Conversion.COUNTRY;
import static dk.simplydinero.mapping.custom.Conversion.DATE;
import static dk.simplydinero.mapping.custom.Conversion.DECIMAL;
import static dk.simplydinero.mapping.custom.Conversion.FIRST_NAME;
import static dk.simplydinero.mapping.custom.Conversion.JOIN;
import static dk.simplydinero.mapping.custom.Conversion.LAST_NAME;
import static dk.simplydinero.mapping.custom.Conversion.TEXT;
import static dk.simplydinero.mapping.custom.Conversion.UNIT;

/**
 * The default mapping (PRODUCT.md 5) as rules, for showing the effective mapping and for the required-field check.
 * The mapping classes in {@code dk.simplydinero.mapping} do the actual default mapping; a few of their rules are
 * computed by code (the invoice's customer, currency, payment terms, lines, status): those have no conversion and
 * carry a note in {@link #effective}.
 */
public final class DefaultMapping {

    /** Where default rules come from. */
    public static final String PLACE = "default mapping";
    /** {@code dinero.sales-account}'s default, the AccountNumber of products when none is given. */
    public static final int DEFAULT_SALES_ACCOUNT = 1000;

    private DefaultMapping() {
    }

    /** The default rules with the sales account at its default ({@value #DEFAULT_SALES_ACCOUNT}). */
    public static List<FieldRule> rules(SyncModule module, Direction direction, String vatField) {
        return rules(module, direction, vatField, DEFAULT_SALES_ACCOUNT);
    }

    /**
     * @param vatField     {@code simplycrm.vat-field}: the CRM field paired with VatNumber; blank = none
     * @param salesAccount {@code dinero.sales-account}: the products' AccountNumber
     */
    public static List<FieldRule> rules(SyncModule module, Direction direction, String vatField, int salesAccount) {
        String vat = vatField == null ? "" : vatField.trim();
        List<FieldRule> r = new ArrayList<>();
        boolean toDinero = direction == Direction.CRM_TO_DINERO;
        switch (module) {
            case ORGANIZATIONS -> {
                if (toDinero) {
                    pair(r, "ExternalReference", TEXT, "id");
                    pair(r, "Name", TEXT, "accountname");
                    pair(r, "Street", TEXT, "bill_street");
                    pair(r, "ZipCode", TEXT, "bill_code");
                    pair(r, "City", TEXT, "bill_city");
                    pair(r, "CountryKey", COUNTRY, "bill_country");
                    pair(r, "Phone", TEXT, "phone");
                    pair(r, "Email", TEXT, "email1");
                    pair(r, "Webpage", TEXT, "website");
                    if (!vat.isEmpty()) {
                        pair(r, "VatNumber", TEXT, vat);
                    }
                    constant(r, "IsPerson", false);
                    constant(r, "IsMember", false);
                    constant(r, "UseCvr", false);
                } else {
                    pair(r, "accountname", TEXT, "Name");
                    pair(r, "bill_street", TEXT, "Street");
                    pair(r, "bill_code", TEXT, "ZipCode");
                    pair(r, "bill_city", TEXT, "City");
                    pair(r, "bill_country", COUNTRY, "CountryKey");
                    pair(r, "phone", TEXT, "Phone");
                    pair(r, "email1", TEXT, "Email");
                    pair(r, "website", TEXT, "Webpage");
                    if (!vat.isEmpty()) {
                        pair(r, vat, TEXT, "VatNumber");
                    }
                }
            }
            case CONTACTS -> {
                if (toDinero) {
                    pair(r, "ExternalReference", TEXT, "id");
                    pair(r, "Name", JOIN, "firstname", "lastname");
                    pair(r, "Street", TEXT, "mailingstreet");
                    pair(r, "ZipCode", TEXT, "mailingzip");
                    pair(r, "City", TEXT, "mailingcity");
                    pair(r, "CountryKey", COUNTRY, "mailingcountry");
                    pair(r, "Phone", null, "phone", "mobile");
                    pair(r, "Email", TEXT, "email");
                    constant(r, "IsPerson", true);
                    constant(r, "IsMember", false);
                    constant(r, "UseCvr", false);
                } else {
                    pair(r, "firstname", FIRST_NAME, "Name");
                    pair(r, "lastname", LAST_NAME, "Name");
                    pair(r, "mailingstreet", TEXT, "Street");
                    pair(r, "mailingzip", TEXT, "ZipCode");
                    pair(r, "mailingcity", TEXT, "City");
                    pair(r, "mailingcountry", COUNTRY, "CountryKey");
                    pair(r, "phone", TEXT, "Phone");
                    pair(r, "email", TEXT, "Email");
                }
            }
            case PRODUCTS -> {
                if (toDinero) {
                    pair(r, "ExternalReference", TEXT, "id");
                    pair(r, "Name", TEXT, "productname");
                    pair(r, "ProductNumber", TEXT, "product_no");
                    pair(r, "BaseAmountValue", DECIMAL, "unit_price");
                    constant(r, "Quantity", 1);
                    constant(r, "AccountNumber", salesAccount);
                    pair(r, "Unit", UNIT, "usageunit");
                } else {
                    pair(r, "productname", TEXT, "Name");
                    pair(r, "unit_price", DECIMAL, "BaseAmountValue");
                    pair(r, "usageunit", UNIT, "Unit");
                }
            }
            case INVOICES -> {
                if (toDinero) {
                    pair(r, "ExternalReference", TEXT, "id");
                    pair(r, "ContactGuid", null, "account_id", "contact_id");
                    pair(r, "Date", DATE, "invoicedate");
                    pair(r, "Currency", null, "currency_id");
                    constant(r, "Language", "da-DK");
                    pair(r, "Description", TEXT, "subject");
                    constant(r, "PaymentConditionType", "Netto");
                    pair(r, "PaymentConditionNumberOfDays", null, "invoicedate", "duedate");
                    pair(r, "ProductLines", null, "LineItems");
                } else {
                    pair(r, "subject", null, "Description", "Number");
                    pair(r, "account_id", null, "ContactGuid");
                    pair(r, "contact_id", null, "ContactGuid");
                    pair(r, "invoicedate", DATE, "Date");
                    pair(r, "duedate", null, "PaymentDate", "Date", "PaymentConditionNumberOfDays",
                            "PaymentConditionType");
                    pair(r, "currency_id", null, "Currency");
                    pair(r, "invoicestatus", null, "PaymentStatus", "Status");
                    pair(r, "received", null, "PaidAmount");
                    pair(r, "balance", null, "RemainingAmount", "TotalInclVat");
                    pair(r, "bill_street", null, "Address");
                    pair(r, "ship_street", null, "Address");
                    pair(r, "LineItems", null, "ProductLines");
                }
            }
            default -> throw new IllegalArgumentException("unknown module " + module);
        }
        return r;
    }

    /**
     * The fields of one invoice line the default mapping reads from the side {@code direction} starts at: a CRM line
     * item ({@code InvoiceMapping}) or a Dinero product line ({@code DineroInvoiceMapping}). Lines cannot be mapped
     * by a mapping file, so these hold whatever rules are in force. Left out: a CRM line's {@code product_name}, the
     * description of a line without a comment. It is not the invoice's own value but its product's name as the CRM
     * renders it at each read, so a renamed product would make every invoice read after it look edited (and win a
     * conflict with crm-first); the product's own sync carries the new name.
     */
    public static List<String> lineSources(Direction direction) {
        return direction == Direction.CRM_TO_DINERO
                ? List.of("productid", "entity_type", "sequence_no", "quantity", "listprice", "discount_amount",
                        "discount_percent", "comment")
                : List.of("LineType", "ProductGuid", "Quantity", "BaseAmountValue", "Discount", "Description");
    }

    /**
     * The fields the mapping in force reads from the side {@code direction} starts at: the sources of the default
     * rules with the custom ones applied ({@link #inForce}), in rule order. An invoice's line fields are
     * {@link #lineSources}.
     */
    public static Set<String> sources(SyncModule module, Direction direction, String vatField, int salesAccount,
                                      CustomMapping custom) {
        Set<String> fields = new LinkedHashSet<>();
        inForce(module, direction, vatField, salesAccount, custom).forEach(rule -> fields.addAll(rule.sources()));
        return fields;
    }

    /**
     * The rules in force: the default ones with the custom ones applied (custom replaces the default rule of the same
     * target, drop removes it, new targets are added at the end).
     */
    public static List<FieldRule> inForce(SyncModule module, Direction direction, String vatField, int salesAccount,
                                          CustomMapping custom) {
        Map<String, FieldRule> byTarget = new LinkedHashMap<>();
        for (FieldRule rule : rules(module, direction, vatField, salesAccount)) {
            byTarget.put(rule.target(), rule);
        }
        for (FieldRule rule : (custom == null ? CustomMapping.NONE : custom).rules(module, direction)) {
            if (rule.drop()) {
                byTarget.remove(rule.target());
            } else {
                byTarget.put(rule.target(), rule);
            }
        }
        return List.copyOf(byTarget.values());
    }

    /** As {@link #effective(SyncModule, Direction, String, int, CustomMapping)} with the default sales account. */
    public static List<Map<String, Object>> effective(SyncModule module, Direction direction, String vatField,
                                                      CustomMapping custom) {
        return effective(module, direction, vatField, DEFAULT_SALES_ACCOUNT, custom);
    }

    /**
     * The rules in force ({@link #inForce}) as a list of maps for JSON: {@code target}, {@code source} (list) or
     * {@code constant}, {@code conversion} (with sources, when one applies), {@code from} ({@code default} or the
     * place in the file, e.g. {@code mapping.yaml line 7}) and, for default rules computed by code, {@code note}.
     */
    public static List<Map<String, Object>> effective(SyncModule module, Direction direction, String vatField,
                                                      int salesAccount, CustomMapping custom) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FieldRule rule : inForce(module, direction, vatField, salesAccount, custom)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("target", rule.target());
            if (rule.hasSources()) {
                row.put("source", rule.sources());
                if (rule.conversion() != null) {
                    row.put("conversion", rule.conversion().key());
                }
            } else {
                row.put("constant", rule.constant());
            }
            boolean isDefault = PLACE.equals(rule.place());
            row.put("from", isDefault ? "default" : rule.place());
            String note = isDefault ? note(module, direction, rule.target()) : null;
            if (note != null) {
                row.put("note", note);
            }
            out.add(row);
        }
        return out;
    }

    private static String note(SyncModule module, Direction direction, String target) {
        String key = module.key() + "." + direction.key() + "." + target;
        return switch (key) {
            case "organizations.crm-to-dinero.ExternalReference", "contacts.crm-to-dinero.ExternalReference",
                    "products.crm-to-dinero.ExternalReference", "invoices.crm-to-dinero.ExternalReference" ->
                    "links the Dinero record to its CRM record; cannot be changed";
            case "contacts.crm-to-dinero.Phone" -> "phone, else mobile";
            case "products.crm-to-dinero.BaseAmountValue" -> "no price: the product fails, never sent as free";
            case "products.crm-to-dinero.AccountNumber" -> "dinero.sales-account";
            case "invoices.crm-to-dinero.ContactGuid" ->
                    "the linked Dinero contact of account_id or contact_id (sync.invoice-contact); cannot be changed";
            case "invoices.crm-to-dinero.Currency" -> "ISO code of the CRM currency; none: DKK";
            case "invoices.crm-to-dinero.PaymentConditionType" -> "when duedate is set";
            case "invoices.crm-to-dinero.PaymentConditionNumberOfDays" -> "duedate - invoicedate";
            case "invoices.crm-to-dinero.ProductLines" -> "the line items; cannot be changed";
            case "invoices.dinero-to-crm.subject" ->
                    "Description, else 'Faktura <Number>' (a booked invoice); a draft without one fails";
            case "invoices.dinero-to-crm.account_id", "invoices.dinero-to-crm.contact_id" ->
                    "the linked CRM customer (sync.invoice-contact); cannot be changed";
            case "invoices.dinero-to-crm.duedate" -> "PaymentDate, else Date + PaymentConditionNumberOfDays";
            case "invoices.dinero-to-crm.currency_id" -> "the CRM currency of that ISO code; none: DKK";
            case "invoices.dinero-to-crm.invoicestatus" ->
                    "Draft: Created, Booked/Overdue: Approved, Paid/OverPaid: Paid";
            case "invoices.dinero-to-crm.received" -> "from the payments";
            case "invoices.dinero-to-crm.balance" -> "from the payments, else TotalInclVat - received";
            case "invoices.dinero-to-crm.bill_street", "invoices.dinero-to-crm.ship_street" ->
                    "the customer's address, else the invoice's Address, else '-'";
            case "invoices.dinero-to-crm.LineItems" -> "the product lines; cannot be changed";
            default -> null;
        };
    }

    private static void pair(List<FieldRule> rules, String target, Conversion conversion, String... sources) {
        rules.add(new FieldRule(target, List.of(sources), null, false, conversion, PLACE));
    }

    private static void constant(List<FieldRule> rules, String target, Object value) {
        rules.add(new FieldRule(target, List.of(), value, false, null, PLACE));
    }
}
