package dk.simplydinero.sync;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The REST routes' way into a per-record route ({@code enrich} with this strategy): the caller takes the record's
 * result (body and headers, e.g. {@code failureStatus}) and goes on to end the run and answer. Not a plain {@code to}:
 * a record that failed is handled in its route (routeConfiguration sync-errors), and Camel routes an exchange whose
 * failure an error handler handled no further, so the caller would never answer.
 */
public class RecordResult implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange caller, Exchange record) {
        if (record != null) {
            caller.getMessage().copyFrom(record.getMessage());
        }
        return caller;
    }
}
