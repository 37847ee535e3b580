package dk.simplydinero.sync;

import org.springframework.stereotype.Component;

/**
 * The records being written on the {@link RecordWriters} threads now. A module's split can end while some are still
 * in flight: Camel ends it as soon as the feed says no more (a run that stops) or fails, without waiting for what it
 * handed out. A module is not done, nor a run finished, until they have ended ({@link SyncRuns#moduleDone},
 * {@link SyncRuns#finish}): their counts and failures belong to it, and a next run must not meet them still writing.
 */
@Component
public class RecordsInFlight {

    private int running;

    synchronized void started() {
        running++;
    }

    synchronized void ended() {
        running--;
        if (running == 0) {
            notifyAll();
        }
    }

    /**
     * Waits until no record is in flight (each ends within its requests' timeouts and tries), or until the waiting
     * thread is interrupted (the service stops): then it goes on, interrupted.
     */
    void awaitNone() {
        synchronized (this) {
            while (running > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
