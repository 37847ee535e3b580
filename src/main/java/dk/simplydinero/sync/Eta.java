package dk.simplydinero.sync;

import dk.simplydinero.config.SyncProperties.Direction;
import dk.simplydinero.model.SyncModule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a module of a running run has left: the records it has left at the rate measured in this run so far, but
 * never faster than Dinero's request budget lets the Dinero requests those records need go out. Says which of the two
 * bounds it is, so the console can say why a user waits (a first import of 4,000 contacts waits for Dinero's 90
 * requests a minute, not for the service). Unknown (null) without a total; pure, on the clock it is given.
 */
public final class Eta {

    /** What bounds the estimate. */
    public enum Bound {
        /** The remaining records need more Dinero requests than the budget allows at the measured rate. */
        DINERO_BUDGET("dinero-budget"),
        /** The rate this module has been going at in this run. */
        MEASURED_RATE("measured-rate");

        private final String key;

        Bound(String key) {
            this.key = key;
        }

        /** As the REST API and the console name it. */
        public String key() {
            return key;
        }
    }

    /** Records left (null: total unknown), seconds left (null: unknown) and the bound (null when none applies). */
    public record Estimate(Integer remaining, Long seconds, Bound limitedBy) {
    }

    private final Clock clock;
    private final int permits;
    private final Duration window;

    /** {@code permits} Dinero requests per {@code window}: the budget the sync keeps to (dinero.requests-per-minute). */
    public Eta(Clock clock, int permits, Duration window) {
        this.clock = clock;
        this.permits = permits;
        this.window = window;
    }

    /**
     * @param total             records the module will handle in this run, null when unknown
     * @param processed         records it has handled so far
     * @param startedAt         when the module began reading (its rate is measured from there)
     * @param requestsPerRecord Dinero requests each remaining record is taken to need ({@link #dineroRequestsPerRecord})
     */
    public Estimate estimate(Integer total, int processed, Instant startedAt, double requestsPerRecord) {
        if (total == null) {
            return new Estimate(null, null, null);
        }
        int remaining = Math.max(0, total - processed);
        if (remaining == 0) {
            return new Estimate(0, 0L, null);
        }
        Long byRate = null;
        if (processed > 0 && startedAt != null) {
            long elapsedMillis = Math.max(0, Duration.between(startedAt, clock.instant()).toMillis());
            byRate = ceilSeconds((double) remaining * elapsedMillis / processed);
        }
        Long byBudget = requestsPerRecord > 0
                ? ceilSeconds(remaining * requestsPerRecord * window.toMillis() / permits) : null;
        if (byBudget != null && (byRate == null || byBudget >= byRate)) {
            return new Estimate(remaining, byBudget, Bound.DINERO_BUDGET);
        }
        return byRate == null ? new Estimate(remaining, null, null)
                : new Estimate(remaining, byRate, Bound.MEASURED_RATE);
    }

    private static long ceilSeconds(double millis) {
        return (long) Math.ceil(millis / 1000.0);
    }

    /**
     * The Dinero requests a remaining record of {@code module} is taken to need (README, {@code GET /api/runs/{id}}). CRM →
     * Dinero: those the module's records took so far ({@code dineroRequestsSoFar}, each as {@link #dineroRequests}
     * reckons it) per record handled; before the first record each is taken to be a create, the case where users wait
     * longest (a first import). Dinero → CRM: an invoice is read whole (a GET; a booked one also lists its payments, not
     * counted: the least it needs), other records come whole in the list (1,000 per request, not counted). Both ways:
     * as CRM → Dinero (its totals are not known anyway).
     */
    public static double dineroRequestsPerRecord(Direction direction, SyncModule module, int processed,
                                                 int dineroRequestsSoFar) {
        if (direction == Direction.DINERO_TO_CRM) {
            return module == SyncModule.INVOICES ? 1.0 : 0.0;
        }
        if (processed == 0) {
            return dineroRequests(WriteOutcome.Action.CREATED, false);
        }
        return (double) dineroRequestsSoFar / processed;
    }

    /**
     * The one rule of what a record costs CRM → Dinero, as DineroWriter does it: a create is one POST (first-contact
     * lookups come from the module's one list, not per record); an update a GET and a PUT; a record found unchanged
     * none when its link's fingerprint says so without asking, one when it was read (a GET) and found the same; a
     * skipped one the GET that found it booked or gone (none when it was deleted in the CRM: not asked); a failed one
     * the refused write.
     *
     * @param readDinero the writer read the record from Dinero first ({@link WriteOutcome#readDinero})
     */
    public static int dineroRequests(WriteOutcome.Action action, boolean readDinero) {
        return switch (action) {
            case CREATED, FAILED -> 1;
            case UPDATED -> 2;
            case UNCHANGED, SKIPPED -> readDinero ? 1 : 0;
        };
    }
}
