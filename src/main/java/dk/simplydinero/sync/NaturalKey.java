package dk.simplydinero.sync;

import java.util.Locale;
import java.util.Map;

/** The field by which an unlinked record is recognised on the Dinero side, per module (PRODUCT.md 6). */
final class NaturalKey {

    private NaturalKey() {
    }

    /** Dinero field of the natural key, or null when the module has none (invoices). */
    static String field(SyncModule module) {
        return switch (module) {
            case ORGANIZATIONS -> "VatNumber";
            case CONTACTS -> "Email";
            case PRODUCTS -> "ProductNumber";
            case INVOICES -> null;
        };
    }

    /** The natural key of a Dinero record (mapped or read), normalised; null when empty. */
    static String of(SyncModule module, Map<String, ?> record) {
        String field = field(module);
        if (field == null) {
            return null;
        }
        Object value = record.get(field);
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        String key = value.toString().trim();
        return module == SyncModule.CONTACTS ? key.toLowerCase(Locale.ROOT) : key.replace(" ", "").toUpperCase(Locale.ROOT);
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
