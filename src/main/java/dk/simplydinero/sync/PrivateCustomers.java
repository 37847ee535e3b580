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
            accountId = crm.findOrCreate("Accounts", "accountname", NAME, Map.of("accountname", NAME, "description",
                    "Invoices of private persons from Dinero are filed here; the person is the invoice's contact."));
        }
        return accountId;
    }

    /** A mapped CRM invoice without an organization gets this one. */
    public void fill(Map<String, Object> crmInvoice) {
        Object account = crmInvoice.get("account_id");
        if (account == null || account.toString().isBlank()) {
            crmInvoice.put("account_id", accountId());
        }
    }
}
