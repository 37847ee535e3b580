package dk.simplydinero.sync;

import dk.simplydinero.crm.SimplyCrmClient;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * The CRM organization that stands for private persons on invoices. A CRM invoice must name an organization
 * ({@code account_id} is mandatory), but Dinero invoices private persons too; their invoices go to this one
 * organization, with the person as the invoice's contact. Found by its name, created when first needed.
 */
@Component
public class PrivateCustomers {

    public static final String NAME = "Privatkunder (Dinero)";

    private final SimplyCrmClient crm;
    private volatile String accountId;

    public PrivateCustomers(SimplyCrmClient crm) {
        this.crm = crm;
    }

    public synchronized String accountId() {
        if (accountId == null) {
            accountId = crm.findOrCreate("Accounts", "accountname", NAME, element());
        }
        return accountId;
    }

    /** A mapped CRM invoice without an organization gets this one. */
    public void fill(Map<String, Object> crmInvoice) {
        if (needsOne(crmInvoice)) {
            crmInvoice.put("account_id", accountId());
        }
    }

    /** Whether a mapped CRM invoice names no organization (it goes to this one; shared with the dry run). */
    static boolean needsOne(Map<String, Object> crmInvoice) {
        Object account = crmInvoice.get("account_id");
        return account == null || account.toString().isBlank();
    }

    /** What {@link #accountId} creates when the CRM does not have it yet. */
    static Map<String, Object> element() {
        return Map.of("accountname", NAME, "description",
                "Invoices of private persons from Dinero are filed here; the person is the invoice's contact.");
    }
}
