package dk.simplydinero.sync;

/**
 * A module taking part in the sync, in dependency order (an invoice needs its customer and products
 * linked first). {@code crmModule} is the CRM webservice module name, {@code dineroResource} Dinero's.
 */
public enum SyncModule {
    ORGANIZATIONS("Accounts", "contacts"),
    CONTACTS("Contacts", "contacts"),
    PRODUCTS("Products", "products"),
    INVOICES("Invoice", "invoices");

    private final String crmModule;
    private final String dineroResource;

    SyncModule(String crmModule, String dineroResource) {
        this.crmModule = crmModule;
        this.dineroResource = dineroResource;
    }

    /** The name used in settings and the REST API: {@code organizations}, {@code contacts}, … */
    public String key() {
        return name().toLowerCase();
    }

    public String crmModule() {
        return crmModule;
    }

    public String dineroResource() {
        return dineroResource;
    }
}
