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

    /** The module of a key ({@code organizations}, …), as settings, files and the REST API name it. */
    public static java.util.Optional<SyncModule> byKey(String key) {
        return java.util.Arrays.stream(values()).filter(m -> m.key().equals(key)).findFirst();
    }

    public String crmModule() {
        return crmModule;
    }

    public DineroResource dineroResource() {
        return dineroResource;
    }
}
