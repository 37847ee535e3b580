package dk.simplydinero.api;

/**
 * The service configuration {@link ApiAuthenticationTest} and {@link LogMaskingTest} use: the sandbox with an API
 * password of its own and no run at start, so a run that appears was started by a test's call.
 */
final class SecuredService {

    static final String USER = "admin";
    static final String PASSWORD = "Api-Pw-5b0e2d9c41";
    static final String PASSWORD_SETTING = "spring.security.user.password=" + PASSWORD;
    static final String NO_RUN_AT_START = "sandbox.sync-at-start=false";
    static final String DB = "spring.datasource.url=jdbc:h2:file:./target/test-db/secured-${random.uuid}";

    private SecuredService() {
    }
}
