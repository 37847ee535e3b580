package dk.simplydinero.sync;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's message fits its column however many notes the run collected. */
class SyncRunMessageTest {

    @Test
    void manyNotesAreCutWithACount() {
        SyncRun run = new SyncRun(1, SyncRuns.MANUAL, null);
        for (int i = 0; i < 200; i++) {
            run.note("invoice 9x" + i + " is booked in Dinero as number " + (1000 + i) + " and was not overwritten");
        }

        String message = SyncRuns.message(run);

        assertThat(message).hasSizeLessThanOrEqualTo(SyncRuns.MESSAGE_LIMIT).startsWith("invoice 9x0 is booked")
                .endsWith("more (see the log)");
    }

    @Test
    void aFatalReasonComesFirst() {
        SyncRun run = new SyncRun(1, SyncRuns.MANUAL, null);
        run.note("invoice 9x1 is booked in Dinero and was not overwritten");
        run.fatal("contacts: Simply CRM is unreachable");

        assertThat(SyncRuns.message(run)).isEqualTo(
                "contacts: Simply CRM is unreachable; invoice 9x1 is booked in Dinero and was not overwritten");
        assertThat(SyncRuns.message(new SyncRun(2, SyncRuns.MANUAL, null))).isNull();
    }
}
