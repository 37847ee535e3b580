package dk.simplydinero.sync;

import dk.simplydinero.config.SyncProperties.Direction;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.RunStore.ModuleCounts;

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
     * The Dinero requests a remaining record of {@code module} is taken to need, by direction and action (README
     * "Progress and ETA"). CRM → Dinero, from the mix of what the module's records needed so far: a create is one
     * POST (first-contact lookups come from the module's one list, not per record), an update a GET and a PUT, an
     * unchanged record none (its link's fingerprint says so without asking), a skipped one (a booked invoice) the GET
     * that found it, a failed one the refused write; before the first record each is taken to be a create, the case
     * where users wait longest (a first import). Dinero → CRM: an invoice is read whole (a GET; a booked one also
     * lists its payments, not counted: the least it needs), other records come whole in the list (1,000 per request,
     * not counted). Both ways: as CRM → Dinero (its totals are not known anyway).
     */
    public static double dineroRequestsPerRecord(Direction direction, SyncModule module, ModuleCounts soFar) {
        if (direction == Direction.DINERO_TO_CRM) {
            return module == SyncModule.INVOICES ? 1.0 : 0.0;
        }
        if (soFar.processed() == 0) {
            return 1.0;
        }
        int requests = soFar.created() + 2 * soFar.updated() + soFar.skipped() + soFar.failed();
        return (double) requests / soFar.processed();
    }
}
