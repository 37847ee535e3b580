package dk.simplydinero.sync;

import dk.simplydinero.config.SyncProperties.Direction;
import dk.simplydinero.model.SyncModule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The time a module has left (issue 12, part 1; issue 13, part 3), on a clock the test moves: nothing is timed. */
class EtaTest {

    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

    private final MovableClock clock = new MovableClock();
    /** Dinero's budget as shipped: 90 requests per minute. */
    private final Eta eta = new Eta(clock, 90, Duration.ofMinutes(1));

    @Test
    void aFirstImportOfFourThousandRecordsWaitsForDinerosBudgetNotForThePipeline() {
        clock.set(START.plusSeconds(10));
        // 20 created in 10 s: the pipeline could do the other 3,980 in 1,990 s, Dinero allows 90 a minute: 2,654 s
        Eta.Estimate estimate = eta.estimate(4000, 20, START, 1.0);
        assertThat(estimate.remaining()).isEqualTo(3980);
        assertThat(estimate.seconds()).isEqualTo(2654L);
        assertThat(estimate.limitedBy()).isEqualTo(Eta.Bound.DINERO_BUDGET);
        assertThat(estimate.limitedBy().key()).isEqualTo("dinero-budget");
    }

    @Test
    void aSlowPipelineIsTheBoundWhenItIsSlowerThanTheBudget() {
        clock.set(START.plusSeconds(60));
        // 50 in 60 s: 250 left take 300 s at that rate; the budget would allow them in 167 s
        Eta.Estimate estimate = eta.estimate(300, 50, START, 1.0);
        assertThat(estimate.remaining()).isEqualTo(250);
        assertThat(estimate.seconds()).isEqualTo(300L);
        assertThat(estimate.limitedBy()).isEqualTo(Eta.Bound.MEASURED_RATE);
        assertThat(estimate.limitedBy().key()).isEqualTo("measured-rate");
    }

    @Test
    void recordsThatNeedNoDineroRequestAreBoundOnlyByTheMeasuredRate() {
        clock.set(START.plusSeconds(4));
        // Dinero → CRM contacts: 1,000 in 4 s, 3,000 left
        Eta.Estimate estimate = eta.estimate(4000, 1000, START, 0.0);
        assertThat(estimate.seconds()).isEqualTo(12L);
        assertThat(estimate.limitedBy()).isEqualTo(Eta.Bound.MEASURED_RATE);
    }

    @Test
    void beforeTheFirstRecordOnlyTheBudgetCanSayAnything() {
        clock.set(START);
        Eta.Estimate budget = eta.estimate(900, 0, START, 1.0);
        assertThat(budget.seconds()).isEqualTo(600L);
        assertThat(budget.limitedBy()).isEqualTo(Eta.Bound.DINERO_BUDGET);

        Eta.Estimate nothing = eta.estimate(900, 0, START, 0.0);
        assertThat(nothing.remaining()).isEqualTo(900);
        assertThat(nothing.seconds()).isNull();
        assertThat(nothing.limitedBy()).isNull();
    }

    @Test
    void anUnknownTotalGivesNoEstimate() {
        clock.set(START.plusSeconds(30));
        Eta.Estimate estimate = eta.estimate(null, 200, START, 1.0);
        assertThat(estimate.remaining()).isNull();
        assertThat(estimate.seconds()).isNull();
        assertThat(estimate.limitedBy()).isNull();
    }

    @Test
    void nothingLeftIsZeroSecondsWhateverTheBudget() {
        clock.set(START.plusSeconds(30));
        Eta.Estimate done = eta.estimate(40, 40, START, 2.0);
        assertThat(done.remaining()).isZero();
        assertThat(done.seconds()).isZero();
        assertThat(done.limitedBy()).isNull();
        // more handled than counted at the start (a record changed while the run went): still nothing left
        Eta.Estimate over = eta.estimate(40, 43, START, 2.0);
        assertThat(over.remaining()).isZero();
        assertThat(over.seconds()).isZero();
    }

    @Test
    void aShorterWindowAllowsMoreRequestsPerMinute() {
        Eta fast = new Eta(clock, 100, Duration.ofSeconds(10));
        clock.set(START);
        // 1,000 creates at 100 per 10 s: 100 s
        assertThat(fast.estimate(1000, 0, START, 1.0).seconds()).isEqualTo(100L);
    }

    @Test
    void dineroRequestsPerRecordFollowWhatTheRecordsSoFarNeeded() {
        // CRM → Dinero: 3 creates (a POST each), 1 update (a GET and a PUT), 4 unchanged by their link (none): 5 in 8
        assertThat(Eta.dineroRequestsPerRecord(Direction.CRM_TO_DINERO, SyncModule.CONTACTS, 8, 5)).isEqualTo(0.625);
        // nothing handled yet: each record is taken to be a create
        assertThat(Eta.dineroRequestsPerRecord(Direction.CRM_TO_DINERO, SyncModule.PRODUCTS, 0, 0)).isEqualTo(1.0);
        // Dinero → CRM: invoices are read whole (one GET each); the others come whole in the list
        assertThat(Eta.dineroRequestsPerRecord(Direction.DINERO_TO_CRM, SyncModule.INVOICES, 5, 0)).isEqualTo(1.0);
        assertThat(Eta.dineroRequestsPerRecord(Direction.DINERO_TO_CRM, SyncModule.ORGANIZATIONS, 5, 0))
                .isEqualTo(0.0);
    }

    @Test
    void eachRecordCostsTheDineroRequestsTheWriterMakesForIt() {
        assertThat(Eta.dineroRequests(WriteOutcome.Action.CREATED, false)).isEqualTo(1);
        assertThat(Eta.dineroRequests(WriteOutcome.Action.UPDATED, true)).isEqualTo(2);
        // unchanged by the link's fingerprint: not asked; read and found the same: the GET
        assertThat(Eta.dineroRequests(WriteOutcome.Action.UNCHANGED, false)).isZero();
        assertThat(Eta.dineroRequests(WriteOutcome.Action.UNCHANGED, true)).isEqualTo(1);
        // skipped: the GET that found it booked; deleted in the CRM: not asked
        assertThat(Eta.dineroRequests(WriteOutcome.Action.SKIPPED, true)).isEqualTo(1);
        assertThat(Eta.dineroRequests(WriteOutcome.Action.SKIPPED, false)).isZero();
        // failed: the refused write
        assertThat(Eta.dineroRequests(WriteOutcome.Action.FAILED, false)).isEqualTo(1);
    }
}
