package dk.simplydinero.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What one side's client last saw, and when: the one place {@code /api/status} and {@code /actuator/health} read.
 * The client reports the outcome of its real calls here (the sync's and the status check's alike), so the status is
 * fresh during a run without calls of its own.
 * <ul>
 *   <li>the connection: green after any answered call, red after a call that says the side cannot be used
 *       (refused key, unreachable host, not the API);</li>
 *   <li>for a side whose calls may all succeed while the sync still cannot work (the CRM: a user that is not an
 *       admin may log in and query but not read the change feed), the access verdict, kept apart so that a
 *       successful query does not hide it.</li>
 * </ul>
 * Thread-safe.
 */
public final class SideState {

    /** A verdict and when it was seen. */
    public record Known(SideStatus status, Instant at) {
    }

    private final Clock clock;
    private final boolean tracksAccess;
    private Known connection;
    private Known access;

    /** {@code tracksAccess}: the side has an access verdict apart from the connection (see the class comment). */
    public SideState(Clock clock, boolean tracksAccess) {
        this.clock = clock;
        this.tracksAccess = tracksAccess;
    }

    public Clock clock() {
        return clock;
    }

    /** A call was answered: the side is reachable and takes our credentials. */
    public synchronized void connected(SideReason reason, Object... args) {
        // Each answered call comes here: the status worded once (a message format and a bundle lookup per call
        // were a share of each record's CPU) and kept while it stays the same.
        SideStatus status = connection != null && connection.status().isGreen(reason, args) ? connection.status()
                : SideStatus.green(reason, args);
        connection = new Known(status, clock.instant());
    }

    /** A call failed in a way that makes the side unusable (a red status with the reason). */
    public synchronized void failed(SideStatus red) {
        connection = new Known(red, clock.instant());
    }

    /** The access verdict (green or red with the reason); ignored by a side that does not track access. */
    public synchronized void access(SideStatus verdict) {
        if (tracksAccess) {
            access = new Known(verdict, clock.instant());
        }
    }

    /**
     * What is known now: a red connection, else a red access verdict, else green (seen at the older of the two
     * verdicts it rests on). Null when nothing was seen yet.
     */
    public synchronized Known current() {
        if (connection == null) {
            return null;
        }
        if (!connection.status().isGreen()) {
            return connection;
        }
        if (access != null && !access.status().isGreen()) {
            return access;
        }
        if (access != null && access.at().isBefore(connection.at())) {
            return new Known(connection.status(), access.at());
        }
        return connection;
    }

    /** Whether a verdict the status rests on is unknown or at least {@code interval} old. */
    public synchronized boolean isOlderThan(Duration interval) {
        Instant limit = clock.instant().minus(interval);
        return connection == null || !connection.at().isAfter(limit)
                || (tracksAccess && (access == null || !access.at().isAfter(limit)));
    }
}
