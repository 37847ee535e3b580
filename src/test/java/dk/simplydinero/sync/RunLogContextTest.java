package dk.simplydinero.sync;

import dk.simplydinero.logging.RunContext;
import dk.simplydinero.model.SyncModule;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log line names a run and module only when the service itself set them: the REST API hands a caller's HTTP
 * headers to its routes as message headers, and a request sent with {@code runId: 666} or {@code module: forged}
 * must not make its lines claim a run.
 */
class RunLogContextTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final List<Map<String, String>> seen = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        camel.getCamelContextExtension().addInterceptStrategy(new RunLogContext());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:step").routeId("step").process(e -> {
                    Map<String, String> mdc = new HashMap<>();
                    mdc.put("runId", MDC.get(RunContext.RUN_ID));
                    mdc.put("module", MDC.get(RunContext.MODULE));
                    seen.add(mdc);
                });
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aCallersHeadersDoNotNameARun() {
        ProducerTemplate producer = camel.createProducerTemplate();
        producer.sendBodyAndHeaders("direct:step", null, Map.of("runId", "666", "module", "forged"));

        assertThat(seen).singleElement().satisfies(mdc -> {
            assertThat(mdc.get("runId")).isNull();
            assertThat(mdc.get("module")).isNull();
        });
    }

    @Test
    void theServicesOwnRunAndModuleNameTheLines() {
        ProducerTemplate producer = camel.createProducerTemplate();
        producer.sendBodyAndHeaders("direct:step", null, Map.of("runId", 7L, "module", SyncModule.PRODUCTS));

        assertThat(seen).singleElement().satisfies(mdc -> {
            assertThat(mdc.get("runId")).isEqualTo("7");
            assertThat(mdc.get("module")).isEqualTo("products");
        });
    }
}
