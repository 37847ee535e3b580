package dk.simplydinero.sync;

import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.DineroProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.MDC;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a one-way run writes one module's records on (the {@code split} of the templates {@code crm-to-dinero}
 * and {@code dinero-to-crm} in routes/sync.yaml): as many as the side written to may have requests in flight
 * ({@code dinero.max-concurrent-requests}, {@code simplycrm.max-concurrent-requests}). A fixed pool is the bound: the
 * split hands a record (and the reading of the next one) to a thread only when one is free, so no more records are
 * in flight, nor read ahead, than it has threads; with one thread the records go one after the other, in feed order.
 */
@Configuration(proxyBeanMethods = false)
class RecordWriters {

    /**
     * {@code dineroWriteExecutor} (CRM → Dinero, each request still gated by the shared rate limiter) and
     * {@code crmWriteExecutor} (Dinero → CRM). Bound in Camel's registry only: as a Spring bean, an ExecutorService
     * would replace Boot's task executor. They stop with Camel.
     */
    @Bean
    CamelContextConfiguration recordWriteExecutors(DineroProperties dinero, SimplyCrmProperties crm,
                                                   RecordsInFlight inFlight) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                bind(camelContext, "dineroWriteExecutor", pool("dinero-writer", dinero.getMaxConcurrentRequests(), inFlight),
                        inFlight);
                bind(camelContext, "crmWriteExecutor", pool("crm-writer", crm.getMaxConcurrentRequests(), inFlight),
                        inFlight);
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }

    private static void bind(CamelContext camelContext, String name, ExecutorService pool, RecordsInFlight inFlight) {
        camelContext.getRegistry().bind(name, pool);
        try {
            camelContext.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    // the records handed over but never begun will not end: no longer in flight
                    pool.shutdownNow().forEach(never -> inFlight.ended());
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register " + name + " with Camel", e);
        }
    }

    private static ExecutorService pool(String name, int threads, RecordsInFlight inFlight) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }) {
            /**
             * A task runs with the log context ([run N module]) of the thread that handed it over: the split's
             * reading of the next record is no Camel step, so {@link RunLogContext} does not set it there.
             */
            @Override
            public void execute(Runnable task) {
                Map<String, String> context = MDC.getCopyOfContextMap();
                inFlight.started();
                try {
                    super.execute(() -> {
                        try {
                            run(task, context);
                        } finally {
                            inFlight.ended();
                        }
                    });
                } catch (RuntimeException refused) {
                    inFlight.ended();
                    throw refused;
                }
            }

            /** The task, counted in flight ({@link RecordsInFlight}) from its handing over until it ended. */
            private void run(Runnable task, Map<String, String> context) {
                Map<String, String> before = MDC.getCopyOfContextMap();
                if (context == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(context);
                }
                try {
                    task.run();
                } finally {
                    if (before == null) {
                        MDC.clear();
                    } else {
                        MDC.setContextMap(before);
                    }
                }
            }
        };
    }
}
