package dk.simplydinero.sync;

/**
 * What syncing one record did on the other side. {@code SKIPPED}: deliberately not written (an invoice booked
 * in Dinero); {@code FAILED}: refused, with the reason.
 */
public record WriteOutcome(Action action, String dineroId, String message) {

    public enum Action { CREATED, UPDATED, UNCHANGED, SKIPPED, FAILED }

    public static WriteOutcome of(Action action, String dineroId) {
        return new WriteOutcome(action, dineroId, null);
    }

    public String actionName() {
        return action.name().toLowerCase();
    }
}
