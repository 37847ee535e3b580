package dk.simplydinero.sync;

import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.mapping.ActiveMapping;
import dk.simplydinero.model.SyncModule;

import java.util.Locale;
import java.util.Map;

/**
 * The field by which an unlinked record is recognised, per module (PRODUCT.md 6), one rule for both sides and every
 * first contact (pairing in {@code both}, CRM → Dinero, Dinero → CRM). Organizations: the VAT number when VAT numbers
 * are synced at all (a CRM field holds them) and the record has one, else the e-mail; a Dinero company's VAT number
 * the CRM cannot hold never keys it, or it would miss its CRM twin known only by e-mail.
 */
final class NaturalKey {

    private NaturalKey() {
    }

    /** The CRM field Dinero's VatNumber is written to: the custom mapping file's, else simplycrm.vat-field; "" = none. */
    static String crmVatField(ActiveMapping mapping, SimplyCrmProperties crm) {
        String field = mapping.crmTargetOf(SyncModule.ORGANIZATIONS, "VatNumber").orElse(crm.getVatField());
        return field == null ? "" : field.trim();
    }

    /** Whether organizations can be known by VAT number: a CRM field holds it ({@link #crmVatField}). */
    static boolean vatSynced(ActiveMapping mapping, SimplyCrmProperties crm) {
        return !crmVatField(mapping, crm).isEmpty();
    }

    /**
     * Dinero field the natural key of this record (mapped or read) is taken from, or null when it has none (invoices,
     * or an empty key field).
     */
    static String field(SyncModule module, Map<String, ?> record, boolean vatSynced) {
        String field = switch (module) {
            case ORGANIZATIONS -> vatSynced && !blank(record.get("VatNumber")) ? "VatNumber" : "Email";
            case CONTACTS -> "Email";
            case PRODUCTS -> "ProductNumber";
            case INVOICES -> null;
        };
        return field == null || blank(record.get(field)) ? null : field;
    }

    /** The natural key of a Dinero record (mapped or read), normalised; null when it has none. */
    static String of(SyncModule module, Map<String, ?> record, boolean vatSynced) {
        String field = field(module, record, vatSynced);
        if (field == null) {
            return null;
        }
        String key = record.get(field).toString().trim();
        return field.equals("Email") ? key.toLowerCase(Locale.ROOT) : key.replace(" ", "").toUpperCase(Locale.ROOT);
    }

    private static boolean blank(Object value) {
        return value == null || value.toString().isBlank();
    }

    /** Whether a Dinero contact can stand for the module at all: companies for organizations, persons for contacts. */
    static boolean fits(SyncModule module, Map<String, ?> record) {
        Object isPerson = record.get("IsPerson");
        return switch (module) {
            case ORGANIZATIONS -> !Boolean.TRUE.equals(isPerson);
            case CONTACTS -> !Boolean.FALSE.equals(isPerson);
            default -> true;
        };
    }
}
