package dk.simplydinero.sync;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The priority aggregator's strategy: the changed CRM version and the changed Dinero version of one record meet
 * in one body {@code {"crm": …, "dinero": …, "dineroPayments": …}}; a later version of the same side replaces an
 * earlier one. Bodies are plain maps, so the persistent repository can store them.
 */
public class PriorityAggregation implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        if (oldExchange == null) {
            return newExchange;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> pair = new LinkedHashMap<>(oldExchange.getIn().getBody(Map.class));
        @SuppressWarnings("unchecked")
        Map<String, Object> arriving = newExchange.getIn().getBody(Map.class);
        pair.putAll(arriving);
        oldExchange.getIn().setBody(pair);
        return oldExchange;
    }
}
