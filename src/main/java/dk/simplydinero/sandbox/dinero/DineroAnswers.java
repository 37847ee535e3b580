package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.simplydinero.sandbox.SimResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shapes the Dinero simulator answers in, in one place so every concern answers alike: JSON written with plain
 * decimals, IIS-style HTML error pages, and Dinero's error body ({@code code}, {@code message},
 * {@code validationErrors}, …). An {@link Answer} carries a finished answer out of deep request handling.
 */
final class DineroAnswers {

    /** Decimals are read and written as {@link java.math.BigDecimal}, plain: amounts keep their exact digits. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

    private DineroAnswers() {
    }

    static SimResponse json(int status, JsonNode body) {
        try {
            return SimResponse.json(status, MAPPER.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static SimResponse html(int status, String title) {
        return SimResponse.text(status, "text/html",
                "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">\r\n<html><head><title>" + title
                        + "</title></head><body><div id=\"header\"><h1>Server Error</h1></div><div id=\"content\"><h2>"
                        + title + "</h2><h3>The resource you are looking for might have been removed, had its name changed,"
                        + " or is temporarily unavailable.</h3></div></body></html>");
    }

    static SimResponse html404() {
        return html(404, "404 - File or directory not found.");
    }

    /** Dinero's error body with no field errors. */
    static Answer error(int status, int code, String message) {
        return new Answer(json(status, errorBody(code, message, Map.of())));
    }

    static Answer validation(String field, String message) {
        return new Answer(json(400, errorBody(42, "Validation failed: " + message, Map.of(field, message))));
    }

    static ObjectNode errorBody(int code, String message, Map<String, String> fieldErrors) {
        ObjectNode o = NODES.objectNode();
        o.put("code", code);
        o.put("message", message);
        ObjectNode ve = o.putObject("validationErrors");
        ArrayNode lang = o.putArray("languageSpecificMessages");
        ArrayNode list = o.putArray("errorMessageList");
        fieldErrors.forEach((field, msg) -> {
            ve.put(field, msg);
            ObjectNode l = lang.addObject();
            l.put("property", field);
            l.put("message", msg);
        });
        if (fieldErrors.isEmpty()) {
            ObjectNode l = lang.addObject();
            l.putNull("property");
            l.put("message", message);
        }
        ObjectNode e = list.addObject();
        e.put("Code", String.valueOf(code));
        e.put("Message", message);
        return o;
    }

    /** A rendered record as the plain map tests read. */
    static Map<String, Object> toMap(JsonNode n) {
        return MAPPER.convertValue(n, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /** A finished answer thrown from deep inside request handling. */
    static final class Answer extends RuntimeException {
        final transient SimResponse response;

        Answer(SimResponse response) {
            super(null, null, false, false);
            this.response = response;
        }
    }
}
