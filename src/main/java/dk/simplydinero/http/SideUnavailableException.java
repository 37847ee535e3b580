package dk.simplydinero.http;

/**
 * A side's circuit breaker is open: too many of its latest calls failed in a transient way, so it is not called
 * for a while. Nothing was sent. The run that meets this stops the module and ends {@code failed} with this message;
 * the records not reached are read again by the next run (their cursor did not move).
 */
public class SideUnavailableException extends RuntimeException {

    private final String side;

    public SideUnavailableException(String side, String message) {
        super(message);
        this.side = side;
    }

    /** {@code crm} or {@code dinero}. */
    public String side() {
        return side;
    }
}
