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

    public synchronized void add(Entry entry) {
        entries.add(entry);
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
    }
}
