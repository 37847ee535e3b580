package dk.simplydinero.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every request a simulator received, in arrival order, so tests can count what a client really sent
 * (requests per window, list pages, writes, token calls) instead of trusting the client's own bookkeeping.
 */
public final class RequestLog {

    /**
     * One request. {@code operation} is the simulator's name for the call (CRM: the {@code operation}
     * parameter; Dinero: e.g. {@code token}, {@code contacts.list}, {@code invoices.update}).
     * {@code status} is the HTTP status sent, or -1 when the connection was dropped.
     * {@code fault} names an injected fault ({@code 5xx}, {@code slow}, {@code drop}) or is null.
     * {@code query} holds the query parameters (first value of each), so a test can tell two lists of one type apart.
     */
    public record Entry(Instant at, String method, String path, String operation, int status, String fault,
                        java.util.Map<String, String> query) {
    }

    private final List<Entry> entries = new ArrayList<>();
    /** The operations being answered right now, one per request (a simulator answers several at once). */
    private final List<String> inFlight = new ArrayList<>();
    /** Each operation seen, and the operations in flight as a request arrived when it was not alone. */
    private final java.util.Set<String> arrived = new java.util.HashSet<>();
    private final List<List<String>> overlaps = new ArrayList<>();

    public synchronized void add(Entry entry) {
        entries.add(entry);
    }

    /** A request for {@code operation} is being answered from now on ({@link #maxInFlight}). */
    public synchronized void started(String operation) {
        inFlight.add(operation);
        arrived.add(operation);
        if (inFlight.size() > 1) {
            overlaps.add(List.copyOf(inFlight));
        }
    }

    /** A request {@link #started} is answered (or dropped). */
    public synchronized void finished(String operation) {
        inFlight.remove(operation);
    }

    /**
     * The most requests of the operations {@code which} selects that were being answered at once, since the log was
     * last cleared: how many a client had in flight (a request counts from its arrival until its answer was sent).
     */
    public synchronized int maxInFlight(Predicate<String> which) {
        int most = arrived.stream().anyMatch(which) ? 1 : 0;
        for (List<String> overlap : overlaps) {
            most = Math.max(most, (int) overlap.stream().filter(which).count());
        }
        return most;
    }

    /** The requests of the operations {@code which} selects that are being answered now. */
    public synchronized int inFlight(Predicate<String> which) {
        return (int) inFlight.stream().filter(which).count();
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized int count() {
        return entries.size();
    }

    public synchronized long count(Predicate<Entry> filter) {
        return entries.stream().filter(filter).count();
    }

    public synchronized long countOperation(String operation) {
        return count(e -> operation.equals(e.operation()));
    }

    public synchronized void clear() {
        entries.clear();
        arrived.clear();
        overlaps.clear();
    }
}
