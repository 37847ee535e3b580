package dk.simplydinero.crm;

/** {@code ACCESS_DENIED}: the API user may not do this (or, see {@link CrmNotFoundException}, the record does not exist). */
public class CrmAccessDeniedException extends CrmException {
    public CrmAccessDeniedException(String operation, String code, String message) {
        super(operation, code, message);
    }
}
