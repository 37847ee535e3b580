package dk.simplydinero.sync;

/**
 * What syncing one record did on the other side. {@code SKIPPED}: deliberately not written (an invoice booked
 * in Dinero); {@code FAILED}: refused, with the reason. {@code readDinero}: the writer read the record from Dinero
 * first (a GET of Dinero's budget: {@link Eta#dineroRequests}).
 */
public record WriteOutcome(Action action, String dineroId, String message, boolean readDinero) {

    public enum Action { CREATED, UPDATED, UNCHANGED, SKIPPED, FAILED }

    public WriteOutcome(Action action, String dineroId, String message) {
        this(action, dineroId, message, false);
    }

    /** The same outcome, reached after reading the record from Dinero. */
    public WriteOutcome afterDineroRead() {
        return new WriteOutcome(action, dineroId, message, true);
    }

    public static WriteOutcome of(Action action, String dineroId) {
        return new WriteOutcome(action, dineroId, null);
    }

    public String actionName() {
        return action.name().toLowerCase();
    }
}
