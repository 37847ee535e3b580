package dk.simplydinero.model;

/** The Dinero record types the client reads and writes, with their path and id property. */
public enum DineroResource {
    CONTACTS("contacts", "ContactGuid"),
    PRODUCTS("products", "ProductGuid"),
    INVOICES("invoices", "Guid"),
    /** Credit notes ({@code v1/{org}/sales/creditnotes}): no update is documented, lists cannot show CreditNoteFor. */
    CREDIT_NOTES("sales/creditnotes", "Guid");

    private final String path;
    private final String idField;

    DineroResource(String path, String idField) {
        this.path = path;
        this.idField = idField;
    }

    /** Path after the organization id, e.g. {@code contacts} or {@code sales/creditnotes}. */
    public String path() {
        return path;
    }

    /** Name of the id property in answers, e.g. {@code ContactGuid}. */
    public String idField() {
        return idField;
    }
}
