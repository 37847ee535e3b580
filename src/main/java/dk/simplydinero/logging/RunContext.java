package dk.simplydinero.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

import java.util.Map;

/**
 * The run and module a log line belongs to: MDC keys {@code runId} and {@code module} (set by the sync while a run
 * goes), and {@code %runContext} in a logback pattern showing them as {@code [run 7 products] } (nothing outside a
 * run). Registered in {@code logback-spring.xml}; structured (JSON) logs carry the MDC keys as fields.
 */
public class RunContext extends ClassicConverter {

    public static final String RUN_ID = "runId";
    public static final String MODULE = "module";

    @Override
    public String convert(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        String runId = mdc.get(RUN_ID);
        if (runId == null) {
            return "";
        }
        String module = mdc.get(MODULE);
        return module == null ? "[run " + runId + "] " : "[run " + runId + " " + module + "] ";
    }
}
