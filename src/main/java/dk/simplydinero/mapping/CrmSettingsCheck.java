package dk.simplydinero.mapping;

import dk.simplydinero.config.InvalidSettingException;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.CrmAccessDeniedException;
import dk.simplydinero.crm.CrmException;
import dk.simplydinero.crm.CrmInvalidIdException;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.http.SideUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@code simplycrm.*} settings name in the CRM must exist there: the VAT field on Organizations
 * ({@code simplycrm.vat-field}, a custom field that differs per installation) and the fallback product
 * ({@code simplycrm.fallback-product}), and with {@code sync.receipts=field} the receipt's URL field on Invoice
 * ({@code simplycrm.receipt-field}, required then: missing, it stops the start without asking the CRM). Checked against the CRM itself at start; a CRM that cannot be asked then is
 * asked before the first run, and a missing one fails that run with the same line.
 */
final class CrmSettingsCheck {

    private static final Logger log = LoggerFactory.getLogger(CrmSettingsCheck.class);

    private final SimplyCrmProperties settings;
    private final SyncProperties sync;
    private final SimplyCrmClient crm;
    private volatile boolean checked;

    CrmSettingsCheck(SimplyCrmProperties settings, SyncProperties sync, SimplyCrmClient crm) {
        this.settings = settings;
        this.sync = sync;
        this.crm = crm;
    }

    /** At start: checks if the CRM answers, else leaves it for {@link #beforeRun()}. */
    void atStart() {
        if (receiptsInField() && receiptField().isEmpty()) {
            throw new InvalidSettingException("simplycrm.receipt-field", "must name the CRM invoices' URL custom field"
                    + " (cf_…, see Settings → Module Management → Invoice → Fields) when sync.receipts=field");
        }
        try {
            check();
        } catch (CrmException | SideUnavailableException e) {
            log.warn("The CRM cannot be asked whether the fields and records the simplycrm.* settings name exist ({});"
                    + " they are checked before the first sync", e.getMessage());
        }
    }

    /** Before a run, if not done yet. */
    void beforeRun() {
        if (!checked) {
            check();
        }
    }

    /** @throws InvalidSettingException one line naming the setting and what the CRM lacks */
    private void check() {
        String vatField = blankToEmpty(settings.getVatField());
        if (!vatField.isEmpty() && !crm.fieldNames("Accounts").contains(vatField)) {
            throw new InvalidSettingException("simplycrm.vat-field", "the CRM's Organizations (Accounts) have no field '"
                    + vatField + "'; name the installation's VAT custom field (cf_…, see Settings → Module Management"
                    + " → Organizations → Fields), or leave it empty to sync no VAT numbers");
        }
        String receiptField = receiptField();
        if (receiptsInField() && !crm.fieldNames("Invoice").contains(receiptField)) {
            throw new InvalidSettingException("simplycrm.receipt-field", "the CRM's invoices (Invoice) have no field '"
                    + receiptField + "'; name the installation's URL custom field for the receipt link (cf_…, see"
                    + " Settings → Module Management → Invoice → Fields), or set sync.receipts=document or off");
        }
        String product = blankToEmpty(settings.getFallbackProduct());
        if (!product.isEmpty()) {
            String prefix = crm.idPrefix("Products");
            boolean found;
            try {
                found = product.startsWith(prefix + "x") && crm.retrieve(product) != null;
            } catch (CrmInvalidIdException | CrmAccessDeniedException e) {
                found = false; // vtiger answers a missing record ACCESS_DENIED, another module's id INVALID_ID
            }
            if (!found) {
                throw new InvalidSettingException("simplycrm.fallback-product", "the CRM has no product '" + product
                        + "' (product ids start with " + prefix + "x here); name an existing product, or leave it"
                        + " empty to have one created when first needed");
            }
        }
        checked = true;
    }

    private boolean receiptsInField() {
        return sync.getReceipts() == SyncProperties.Receipts.FIELD;
    }

    private String receiptField() {
        return blankToEmpty(settings.getReceiptField());
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.trim();
    }
}
