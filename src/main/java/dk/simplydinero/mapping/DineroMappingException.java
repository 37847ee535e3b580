package dk.simplydinero.mapping;

/**
 * A Dinero record that cannot be mapped to the CRM as it is: a missing required value, a malformed number, date
 * or flag, an unknown state. A {@link MappingException} (callers that catch those keep working) whose
 * {@link #getCrmId()} is {@code ""} — the mapping does not know the CRM record — and which names the Dinero record
 * ({@link #getDineroId()}) and the Dinero field ({@link #getField()}, e.g. {@code ProductLines[2].Quantity}).
 */
public class DineroMappingException extends MappingException {

    private final String dineroId;

    public DineroMappingException(String dineroId, String field, String message) {
        super("", field, message);
        this.dineroId = dineroId == null ? "" : dineroId;
    }

    public DineroMappingException(String dineroId, String field, String message, Throwable cause) {
        super("", field, message, cause);
        this.dineroId = dineroId == null ? "" : dineroId;
    }

    /** The Dinero id (ContactGuid, ProductGuid, invoice Guid) of the record being mapped; {@code ""} when it has none. */
    public String getDineroId() {
        return dineroId;
    }
}
