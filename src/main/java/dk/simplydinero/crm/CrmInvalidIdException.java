package dk.simplydinero.crm;

/** The id is malformed ({@code ACCESS_DENIED} "… denied for id") or belongs to another module ({@code INVALID_ID_ATTRIBUTE}). */
public class CrmInvalidIdException extends CrmException {
    public CrmInvalidIdException(String operation, String code, String message) {
        super(operation, code, message);
    }
}
