package dk.simplydinero.crm;

/**
 * A transport problem, not an answer of the webservice: the CRM could not be reached, did not answer in
 * time, answered HTTP 5xx/non-200, or sent something that is not a vtiger JSON answer (e.g. a PHP error page).
 * Trying again later may work. For a write the outcome is unknown: it may have happened.
 */
public class CrmTransientException extends CrmException {

    public enum Kind { UNREACHABLE, TIMEOUT, IO, HTTP_STATUS, NOT_JSON, INTERRUPTED }

    private final Kind kind;
    private final int httpStatus;
    private final String contentType;

    public CrmTransientException(String operation, Kind kind, int httpStatus, String contentType, String reason,
                                 Throwable cause) {
        super(operation, "TRANSPORT_" + kind.name(), reason, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.contentType = contentType;
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status of the answer, or -1 when there was none. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Content type of the answer, or null. */
    public String contentType() {
        return contentType;
    }
}
