package dk.simplydinero.mapping;

/**
 * A CRM record that cannot be mapped to Dinero as it is: a missing required value, a malformed number or
 * date, an unknown reference. Permanent for this version of the record: the user has to fix it in the CRM.
 * The message names the CRM record and the field, in words a user understands.
 */
public class MappingException extends RuntimeException {

    private final String crmId;
    private final String field;

    public MappingException(String crmId, String field, String message) {
        super(message);
        this.crmId = crmId;
        this.field = field;
    }

    public MappingException(String crmId, String field, String message, Throwable cause) {
        super(message, cause);
        this.crmId = crmId;
        this.field = field;
    }

    /** The CRM id of the record being mapped ({@code ""} when the record has none). */
    public String getCrmId() {
        return crmId;
    }

    /** The CRM field at fault, e.g. {@code unit_price} or {@code LineItems[2].quantity}. */
    public String getField() {
        return field;
    }
}
