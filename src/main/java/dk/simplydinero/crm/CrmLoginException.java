package dk.simplydinero.crm;

/** The CRM refused the login: wrong user name or access key ({@code INVALID_USER_CREDENTIALS}), unknown user or expired token ({@code INVALID_AUTH_TOKEN}). */
public class CrmLoginException extends CrmException {
    public CrmLoginException(String operation, String code, String message) {
        super(operation, code, message);
    }
}
