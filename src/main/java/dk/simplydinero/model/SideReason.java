package dk.simplydinero.model;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * Why a side is green or red, as a code with parameters ({@link SideStatus#args()}), so each reader says it in its own
 * language: the console from {@code console/messages_<language>.properties} (key {@code reason.<CODE>}, the
 * parameters as {@code {0}}, {@code {1}}, …), {@code GET /api/status} and the health details in English. The English
 * text is the console's English bundle, read here, so that the API and the console never tell it differently.
 * The parameters each constant takes are listed with it.
 */
public enum SideReason {

    // ---- Dinero
    /** {0} organization id. */
    DINERO_CONNECTED,
    DINERO_NOT_CALLED,
    DINERO_KEY_REFUSED,
    DINERO_CLIENT_REFUSED,
    DINERO_TOKEN_REFUSED,
    /** {0} the token endpoint's error. */
    DINERO_LOGIN_REFUSED,
    /** {0} organization id, {1} Dinero's code. */
    DINERO_NO_PRO,
    /** {0} organization id. */
    DINERO_NO_ACCESS,
    /** {0} host. */
    DINERO_NOT_THE_API,
    /** {0} HTTP status. */
    DINERO_READ_REFUSED,
    /** {0} HTTP status, {1} what Dinero said. */
    DINERO_READ_REFUSED_SAYING,
    /** {0} the failure. */
    DINERO_CHECK_FAILED,
    /** {0} host, {1} HTTP status. */
    DINERO_MALFORMED,
    /** {0} host, {1} HTTP status. */
    DINERO_SERVER_ERROR,
    /** {0} host. */
    DINERO_TIMEOUT,
    /** {0} host, {1} the cause. */
    DINERO_UNREACHABLE,

    // ---- Simply CRM
    /** {0} host and port. */
    CRM_NOT_CALLED,
    /** {0} host and port, {1} user, {2} vtiger version, {3} webservice version. */
    CRM_LOGGED_IN,
    /** {0} host and port, {1} user (no session to tell the versions). */
    CRM_LOGGED_IN_PLAIN,
    /** {0} user. */
    CRM_FEED_ALLOWED,
    /** {0} host and port, {1} user, {2} what the CRM said; simplycrm.change-feed=sync. */
    CRM_NOT_ADMIN_FEED_SYNC,
    /** {0} host and port, {1} user, {2} what the CRM said; the changes are read by query. */
    CRM_NOT_ADMIN_FEED_QUERY,
    /** {0} host and port, {1} user, {2} CRM module, {3} what the CRM said. */
    CRM_FEED_DENIED,
    /** {0} host and port, {1} code. */
    CRM_NO_SESSION_NAME,
    /** {0} host and port, {1} code. */
    CRM_LOGIN_REJECTED,
    /** {0} host and port, {1} user, {2} code. */
    CRM_LOGIN_REFUSED,
    /** {0} host and port, {1} user, {2} code. */
    CRM_UNKNOWN_USER,
    /** {0} host and port, {1} user, {2} what the CRM said, {3} code. */
    CRM_ACCESS_DENIED,
    /** {0} host and port, {1} the cause. */
    CRM_UNREACHABLE,
    /** {0} host and port, {1} seconds. */
    CRM_TIMEOUT,
    CRM_INTERRUPTED,
    /** {0} endpoint, {1} HTTP status, {2} content type. */
    CRM_NOT_A_WEBSERVICE,
    /** {0} endpoint, {1} HTTP status (no content type). */
    CRM_NOT_A_WEBSERVICE_UNTYPED,
    /** {0} host and port, {1} where it was sent. */
    CRM_REDIRECTED,
    /** {0} host and port, {1} what the CRM said, {2} code. */
    CRM_ERROR,
    /** {0} host and port, {1} the failure's kind. */
    CRM_CHECK_FAILED,

    // ---- either side (the status service)
    /** {0} the side's name. */
    SIDE_NOT_CHECKED,
    /** {0} the side's name, {1} the failure's kind. */
    SIDE_CHECK_FAILED;

    /**
     * The texts of the reasons, in this class's own bundle ({@code SideReason_en/_da.properties} beside it), which
     * the console's message source reads as its second basename.
     */
    public static final String BUNDLE = SideReason.class.getName();

    /** The key of the reason's text in {@link #BUNDLE}. */
    public String key() {
        return "reason." + name();
    }

    /** The reason in English with its parameters. */
    public String english(List<String> args) {
        String pattern = ResourceBundle.getBundle(BUNDLE, Locale.ENGLISH,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)).getString(key());
        // As the console's message source formats it: with MessageFormat when there are parameters, as written when not.
        return args.isEmpty() ? pattern : new MessageFormat(pattern, Locale.ENGLISH).format(args.toArray());
    }
}
