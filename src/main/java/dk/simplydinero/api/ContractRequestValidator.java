package dk.simplydinero.api;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.apache.camel.Exchange;
import org.apache.camel.component.rest.openapi.RestOpenApiComponent;
import org.apache.camel.component.rest.openapi.RestOpenApiHelper;
import org.apache.camel.spi.RestClientRequestValidator;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.MessageHelper;
import org.springframework.stereotype.Component;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks each /api/** request against the OpenAPI contract before its route runs (camel-rest-openapi's client request
 * validation, {@code clientRequestValidation: true} in routes/api.yaml; Camel takes the one bean of this type).
 * A path parameter, body, media type or query parameter the contract does not allow is answered 400 with
 * {@code {"error": reason}}, like every other error of the API, never a 415 without a body or a 500. The reason of a
 * path parameter names its value and quotes the parameter's description in the contract (what it allows).
 */
@Component
public class ContractRequestValidator implements RestClientRequestValidator {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Built once per contract (the exchange carries the parsed document camel-rest-openapi serves). */
    private volatile Checker checker;

    private record Checker(OpenAPI contract, OpenApiInteractionValidator validator) {
    }

    @Override
    public ValidationError validate(Exchange exchange, ValidationContext context) {
        OpenAPI contract = exchange.getProperty(Exchange.REST_OPENAPI, OpenAPI.class);
        if (contract == null) {
            return null;
        }
        String reason;
        try {
            ValidationReport report = checker(contract).validator().validateRequest(request(exchange, contract));
            if (!report.hasErrors()) {
                return null;
            }
            reason = report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .map(m -> reason(m, exchange)).distinct().collect(Collectors.joining("; "));
        } catch (IllegalArgumentException e) {
            // What the request itself got wrong below the contract (a malformed %-escape in the query): still a 400
            // with the reason, never Camel's default error handling (a 500 and a stack trace in the log).
            reason = e.getMessage();
        }
        // The answer is sent as it is (Camel's JSON binding does not run on a refused request).
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            return new ValidationError(400, JSON.writeValueAsString(Map.of("error", reason)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Checker checker(OpenAPI contract) {
        Checker current = checker;
        if (current == null || current.contract() != contract) {
            // Who may call is Spring Security's part (HTTP Basic on /api/**), not the contract check's.
            // What the client accepts is not refused: every answer is JSON, as before the contract (no 400 for an
            // Accept of text/plain).
            LevelResolver levels = LevelResolver.create()
                    .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                    .withLevel("validation.request.accept.notAllowed", ValidationReport.Level.IGNORE).build();
            current = new Checker(contract, OpenApiInteractionValidator.createFor(contract).withLevelResolver(levels)
                    .build());
            checker = current;
        }
        return current;
    }

    private static SimpleRequest request(Exchange exchange, OpenAPI contract) {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        String basePath = RestOpenApiHelper.determineBasePath(exchange.getContext(),
                (RestOpenApiComponent) exchange.getContext().hasComponent("rest-openapi"), null, contract);
        if (path == null) {
            path = "/";
        } else if (path.startsWith(basePath)) {
            path = path.substring(basePath.length());
        }
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, path);
        String accept = exchange.getMessage().getHeader("Accept", String.class);
        if (accept != null) {
            request.withAccept(accept);
        }
        String body = MessageHelper.extractBodyAsString(exchange.getMessage());
        if (body != null) {
            // Read once (it may be a stream): the route gets the text.
            exchange.getMessage().setBody(body);
        }
        // None, or {} from a client that always sends JSON (the contract's operations take no body): nothing to check.
        // A media type only with a body: curl -d '' sends one with nothing to check it against.
        if (body != null && !body.isBlank() && !body.strip().equals("{}")) {
            String contentType = ExchangeHelper.getContentType(exchange);
            if (contentType != null) {
                request.withContentType(contentType);
            }
            request.withBody(body);
        }
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                request.withQueryParam(decode(eq < 0 ? pair : pair.substring(0, eq)),
                        eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return request.build();
    }

    /**
     * A path parameter's reason names it, its value and what the contract allows; a query parameter's names it and what
     * the contract allows; others are the checker's words.
     */
    private static String reason(ValidationReport.Message message, Exchange exchange) {
        Parameter parameter = message.getContext().flatMap(ValidationReport.MessageContext::getParameter).orElse(null);
        if (parameter != null && "query".equals(parameter.getIn())) {
            return "Query parameter " + parameter.getName() + ": '" + exchange.getMessage().getHeader(parameter.getName())
                    + "' is not allowed; expected " + parameter.getDescription();
        }
        if (parameter == null || !"path".equals(parameter.getIn())) {
            return message.getMessage();
        }
        Object value = exchange.getMessage().getHeader(parameter.getName());
        return "Path parameter " + parameter.getName() + ": '" + value + "' is not allowed; expected "
                + parameter.getDescription();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The query '" + text + "' is not URL-encoded correctly ("
                    + e.getMessage() + ")", e);
        }
    }
}
