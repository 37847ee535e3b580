package dk.simplydinero.crm;

/**
 * The CRM refused the login: wrong user name or access key, or a token replaced by another getchallenge, twice in a
 * row ({@code INVALID_USER_CREDENTIALS}); unknown user or expired token ({@code INVALID_AUTH_TOKEN}); or the login
 * answer had no session name ({@code NO_SESSION_NAME}).
 */
public class CrmLoginException extends CrmException {
    public CrmLoginException(String operation, String code, String message) {
        super(operation, code, message);
    }
}
