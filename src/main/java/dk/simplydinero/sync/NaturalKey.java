package dk.simplydinero.sync;

import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.mapping.ActiveMapping;
import dk.simplydinero.mapping.RecordType;
import dk.simplydinero.model.SyncModule;


/**
 * Whether VAT numbers are synced at all, which decides whether organizations can be known by them: the natural keys
 * themselves, one rule for both sides and every first contact (pairing in {@code both}, CRM → Dinero, Dinero → CRM),
 * are each record type's ({@link RecordType#naturalKeys}).
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
}
