package dk.simplydinero.sync;

import dk.simplydinero.logging.RunContext;
import dk.simplydinero.model.SyncModule;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Every step of every route puts the exchange's {@code runId} and {@code module} headers, as the service set them,
 * into the log's MDC ({@link RunContext}) while it runs, so each line a run writes names the run and module, whichever thread (the
 * wire tap's, Quartz's, the REST caller's) carries it. A step whose exchange lacks a header (the HTTP transport's own
 * exchanges) keeps what its caller set; after the step the thread's previous values come back, so nothing leaks
 * into the next request a thread serves. Camel takes InterceptStrategy beans from the registry.
 */
@Component
public class RunLogContext implements InterceptStrategy {

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                String runBefore = MDC.get(RunContext.RUN_ID);
                String moduleBefore = MDC.get(RunContext.MODULE);
                put(RunContext.RUN_ID, exchange.getIn().getHeader("runId"));
                put(RunContext.MODULE, exchange.getIn().getHeader("module"));
                try {
                    return processor.process(exchange, callback);
                } finally {
                    restore(RunContext.RUN_ID, runBefore);
                    restore(RunContext.MODULE, moduleBefore);
                }
            }
        };
    }

    /**
     * Only values the service set: a run id is a number ({@code SyncRuns.begin}), a module a {@link SyncModule}. A
     * string is what the REST API makes of a caller's HTTP header of that name, and must not name a run in the log.
     */
    private static void put(String key, Object header) {
        if (header instanceof SyncModule module) {
            MDC.put(key, module.key());
        } else if (header instanceof Number number && RunContext.RUN_ID.equals(key)) {
            MDC.put(key, number.toString());
        }
    }

    private static void restore(String key, String before) {
        if (before == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, before);
        }
    }
}
