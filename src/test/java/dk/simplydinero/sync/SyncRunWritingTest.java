package dk.simplydinero.sync;

import dk.simplydinero.model.SyncModule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The records of a module are written a few at once (issue 13: the CPU of one overlaps the other's wait for the API);
 * {@link SyncRun#writing} makes only records sharing a key wait for each other. With 64 stripes and three keys a
 * record, one record in seven waited for an unrelated one's whole write.
 */
class SyncRunWritingTest {

    @Test
    void aHundredRecordsWithNoKeyInCommonAreWrittenWhileAnotherRecordIsBeingWritten() throws Exception {
        SyncRun run = new SyncRun(1, SyncRuns.MANUAL, null);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = new Thread(() -> run.writing(SyncModule.CONTACTS, "12x1", List.of("email\0first@firma.dk"), () -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        first.start();
        holding.await();

        // Guards a hang only (a write here takes microseconds): a record that waited for the first would never end.
        CompletableFuture<Integer> others = CompletableFuture.supplyAsync(() -> {
            int written = 0;
            for (int i = 2; i <= 101; i++) {
                written += run.writing(SyncModule.CONTACTS, "12x" + i, List.of("email\0person" + i + "@firma.dk"), () -> 1);
            }
            return written;
        });
        try {
            assertThat(others).as("records written while an unrelated one is being written")
                    .succeedsWithin(Duration.ofSeconds(30)).isEqualTo(100);
        } finally {
            release.countDown();
            first.join();
        }
    }

    /**
     * Both ways, a CRM record written to Dinero (its source id) and a Dinero record written to the CRM that found that
     * CRM record by a natural key (its found key, {@link CrmWriter#sharedKeys}) would each link it: the second waits.
     */
    @Test
    void aRecordsWriteAndAWriteThatFoundItAsItsTwinAreOneAfterTheOther() throws Exception {
        SyncRun run = new SyncRun(1, SyncRuns.MANUAL, null);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread crmToDinero = new Thread(() -> run.writing(SyncModule.ORGANIZATIONS, "11x7",
                List.of("VatNumber\0DK11223344"), () -> {
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }));
        crmToDinero.start();
        holding.await();
        java.util.concurrent.atomic.AtomicBoolean entered = new java.util.concurrent.atomic.AtomicBoolean();
        Thread dineroToCrm = new Thread(() -> run.writing(SyncModule.ORGANIZATIONS, "guid-fjord",
                List.of("email1\0post@fjord.dk", CrmIndex.FOUND + "11x7"), () -> {
                    entered.set(true);
                    return null;
                }));
        dineroToCrm.start();
        try {
            // it either enters at once (wrong) or waits for the lock (right): whichever shows first
            while (!entered.get() && dineroToCrm.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            assertThat(entered).as("the Dinero record's write entered while the CRM record it found was written")
                    .isFalse();
        } finally {
            release.countDown();
            crmToDinero.join();
            dineroToCrm.join();
        }
        assertThat(entered).as("written once the other write ended").isTrue();
    }
}
