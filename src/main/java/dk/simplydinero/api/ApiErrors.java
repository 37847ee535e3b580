package dk.simplydinero.api;

import dk.simplydinero.crm.CrmTransientException;
import dk.simplydinero.dinero.DineroException;
import dk.simplydinero.mapping.custom.MappingFileException;
import dk.simplydinero.model.ApiProblem;
import dk.simplydinero.sync.RunInProgressException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns an exception of a REST route into its answer: the status that fits and {@code {"error": …}}, never a
 * stack trace. Unexpected errors are logged here and answered 500 with a neutral message.
 */
@Component
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    public void answer(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Map<String, Object> body = new LinkedHashMap<>();
        int status;
        if (e instanceof ApiProblem problem) {
            status = problem.status();
            body.put("error", problem.getMessage());
        } else if (e instanceof RunInProgressException running) {
            status = 409;
            body.put("error", running.getMessage());
            body.put("runId", running.runningId());
        } else if (e instanceof MappingFileException) {
            status = 422;
            body.put("error", e.getMessage());
        } else if (e instanceof CrmTransientException || e instanceof DineroException d && d.isTransient()) {
            status = 503;
            body.put("error", "A side did not answer: " + e.getMessage());
        } else {
            status = 500;
            body.put("error", "The service could not answer this request; the log says why.");
            log.error("REST call failed", e);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(body);
    }
}
