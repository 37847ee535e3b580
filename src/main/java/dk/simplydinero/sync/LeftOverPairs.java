package dk.simplydinero.sync;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Pairs an earlier run left waiting in the priority aggregator (it was killed, or stopped by a side that was down)
 * are dropped when a run starts, before any feed is read. They are never needed: such a run did not move the
 * cursors of the modules it left pairs in, so this run's feeds read those records again, as they are now. Kept,
 * they were harmful: the completion at the end of a module completes every waiting group, so a left-over of another
 * module, or an old version under a key the record no longer has (linked since, or edited back), was written after
 * or instead of what the feeds just read.
 */
@Component
public class LeftOverPairs {

    private static final Logger log = LoggerFactory.getLogger(LeftOverPairs.class);

    private final JdbcAggregationRepository pairs;
    private final CamelContext camel;

    public LeftOverPairs(JdbcAggregationRepository pairRepository, CamelContext camel) {
        this.pairs = pairRepository;
        this.camel = camel;
    }

    /** First step of a run: the aggregator starts empty. */
    public void drop() {
        int dropped = 0;
        for (String key : pairs.getKeys()) {
            Exchange waiting = pairs.get(camel, key);
            if (waiting == null) {
                continue;
            }
            pairs.remove(camel, key, waiting);
            pairs.confirm(camel, waiting.getExchangeId());
            dropped++;
        }
        if (dropped > 0) {
            log.info("{} pair(s) an earlier run left waiting were dropped; this run's feeds read those records again",
                    dropped);
        }
    }
}
