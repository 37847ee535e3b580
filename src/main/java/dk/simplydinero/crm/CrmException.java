package dk.simplydinero.crm;

/**
 * An error answer of the Simply CRM webservice ({@code success:false}), carrying the CRM's code and message.
 * Subclasses tell the kinds apart; {@link CrmTransientException} is a transport problem instead.
 * Messages never contain the access key, the login key or the session name.
 */
public class CrmException extends RuntimeException {

    private final String code;
    private final String crmMessage;
    private final String operation;

    public CrmException(String operation, String code, String crmMessage) {
        this(operation, code, crmMessage, null);
    }

    public CrmException(String operation, String code, String crmMessage, Throwable cause) {
        super("Simply CRM " + operation + " failed: " + crmMessage + " (" + code + ")", cause);
        this.code = code;
        this.crmMessage = crmMessage;
        this.operation = operation;
    }

    /** The CRM's error code, e.g. {@code ACCESS_DENIED}, {@code MANDATORY_FIELDS_MISSING}. */
    public String code() {
        return code;
    }

    /** The CRM's error message as sent. */
    public String crmMessage() {
        return crmMessage;
    }

    /** The webservice operation that failed, e.g. {@code retrieve}. */
    public String operation() {
        return operation;
    }

    /** Maps an error answer to the typed exception. */
    static CrmException of(String operation, String code, String message) {
        String c = code == null ? "" : code;
        String m = message == null ? "" : message;
        switch (c) {
            case "SESSION_EXPIRED":
            case "SESSION_LEFT_IDLE":
            case "INVALID_SESSIONID":
            case "AUTHENTICATION_REQUIRED":
                return new CrmSessionException(operation, c, m);
            case "INVALID_USER_CREDENTIALS":
            case "INVALID_AUTH_TOKEN":
                return new CrmLoginException(operation, c, m);
            case "INVALID_ID_ATTRIBUTE":
                return new CrmInvalidIdException(operation, c, m);
            case "ACCESS_DENIED":
                if (m.endsWith("denied for id")) {
                    return new CrmInvalidIdException(operation, c, m);
                }
                if ("Permission to perform the operation is denied".equals(m)
                        && java.util.Set.of("retrieve", "update", "revise", "delete").contains(operation)) {
                    return new CrmNotFoundException(operation, c, m);
                }
                return new CrmAccessDeniedException(operation, c, m);
            case "MANDATORY_FIELDS_MISSING":
            case "REFERENCE_INVALID":
            case "INVALIDTYPE":
            case "0":
                return new CrmValidationException(operation, c, m);
            case "QUERY_SYNTAX_ERROR":
                return new CrmQuerySyntaxException(operation, c, m);
            default:
                return new CrmException(operation, c, m);
        }
    }
}
