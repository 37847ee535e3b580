package dk.simplydinero.api;

import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpHeaderFilterStrategy;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * Which exchange headers may become HTTP response headers of the REST API: only those an answer means to send.
 * Camel's default strategy copies every other header back, including the caller's own {@code Authorization}
 * (the API password, base64) and internal ones such as {@code runId}. Incoming headers are filtered as usual.
 * Used by platform-http through {@code camel.component.platform-http.header-filter-strategy}.
 */
@Component("apiHeaderFilter")
public class ApiHeaderFilter extends HttpHeaderFilterStrategy {

    private static final Set<String> ANSWER_HEADERS = Set.of("location", "retry-after", "content-disposition");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !ANSWER_HEADERS.contains(headerName.toLowerCase());
    }
}
