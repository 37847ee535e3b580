package dk.simplydinero.model;


/**
 * A module taking part in the sync, in dependency order (an invoice needs its customer and products
 * linked first). {@code crmModule} is the CRM webservice module name, {@code dineroResource} the Dinero record type.
 */
public enum SyncModule {
    ORGANIZATIONS("Accounts", DineroResource.CONTACTS),
    CONTACTS("Contacts", DineroResource.CONTACTS),
    PRODUCTS("Products", DineroResource.PRODUCTS),
    INVOICES("Invoice", DineroResource.INVOICES);

    private final String crmModule;
    private final DineroResource dineroResource;

    SyncModule(String crmModule, DineroResource dineroResource) {
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

    public DineroResource dineroResource() {
        return dineroResource;
    }
}
