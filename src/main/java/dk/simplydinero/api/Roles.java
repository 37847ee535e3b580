package dk.simplydinero.api;

import dk.simplydinero.config.InvalidSettingException;

import java.util.List;
import java.util.Set;

/**
 * The two roles a user of the API, the console and Hawtio can have: a {@link #VIEWER} sees everything, an
 * {@link #OPERATOR} may also start runs, retry failures and reload the mapping (and use Hawtio, which can stop
 * routes). Spring Security holds them as {@code ROLE_viewer} / {@code ROLE_operator}.
 */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    private static final Set<String> KNOWN = Set.of(VIEWER, OPERATOR);

    private Roles() {
    }

    /** Roles from a setting: at least one, each a known one (a typo would otherwise lock the user out silently). */
    static String[] check(String key, List<String> roles) {
        if (roles == null || roles.isEmpty()) {
            throw new InvalidSettingException(key, "must name a role: " + OPERATOR + " or " + VIEWER);
        }
        for (String role : roles) {
            if (!KNOWN.contains(role)) {
                throw new InvalidSettingException(key, "'" + role + "' is not a role; allowed: " + OPERATOR + ", "
                        + VIEWER);
            }
        }
        return roles.toArray(String[]::new);
    }
}
