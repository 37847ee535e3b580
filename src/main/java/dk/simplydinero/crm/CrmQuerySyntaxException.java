package dk.simplydinero.crm;

/** {@code QUERY_SYNTAX_ERROR}: the VTQL statement was rejected (e.g. the trailing {@code ;} is missing). */
public class CrmQuerySyntaxException extends CrmException {
    public CrmQuerySyntaxException(String operation, String code, String message) {
        super(operation, code, message);
    }
}
