package dk.simplydinero.crm;

/**
 * The record does not exist (or was deleted). vtiger never answers RECORD_NOT_FOUND: a missing record is
 * {@code ACCESS_DENIED} "Permission to perform the operation is denied"; that answer maps to this type.
 */
public class CrmNotFoundException extends CrmAccessDeniedException {
    public CrmNotFoundException(String operation, String code, String message) {
        super(operation, code, message);
    }
}
