package dk.simplydinero.crm;

/** The session ended ({@code SESSION_EXPIRED}, {@code SESSION_LEFT_IDLE}, {@code INVALID_SESSIONID}, {@code AUTHENTICATION_REQUIRED}). The client logs in again by itself; callers see this only if that fails repeatedly. */
public class CrmSessionException extends CrmException {
    public CrmSessionException(String operation, String code, String message) {
        super(operation, code, message);
    }
}
