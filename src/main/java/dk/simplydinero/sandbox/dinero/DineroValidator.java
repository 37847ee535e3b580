package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.simplydinero.sandbox.SimRequest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dk.simplydinero.sandbox.dinero.DineroAnswers.NODES;

/**
 * Reads a request's fields the way Dinero does and collects what is wrong with them, first error per field, so one
 * 400 (code 42) names every bad field at once, as the real API's {@code validationErrors} do.
 */
final class DineroValidator {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    final Map<String, String> errors = new LinkedHashMap<>();

    /** The request body, which must be a JSON object (else 400, code 42). */
    static ObjectNode body(SimRequest r) {
        try {
            JsonNode n = DineroAnswers.MAPPER.readTree(r.body() == null ? "" : r.body());
            if (n != null && n.isObject()) {
                return (ObjectNode) n;
            }
        } catch (Exception e) {
            // fall through
        }
        throw DineroAnswers.error(400, 42, "The request is invalid: the body must be a JSON object.");
    }

    void add(String field, String message) {
        errors.putIfAbsent(field, message);
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            String summary = errors.size() == 1 ? errors.values().iterator().next()
                    : errors.size() + " fields are not valid: " + String.join(", ", errors.keySet());
            throw new DineroAnswers.Answer(DineroAnswers.json(400,
                    DineroAnswers.errorBody(42, "Validation failed: " + summary, errors)));
        }
    }

    JsonNode text(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return NODES.nullNode();
        }
        if (n.isValueNode()) {
            return NODES.textNode(n.asText());
        }
        add(name, "The value of " + name + " is not valid.");
        return NODES.nullNode();
    }

    JsonNode bool(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return NODES.nullNode();
        }
        if (n.isBoolean()) {
            return n;
        }
        if (n.isTextual() && ("true".equalsIgnoreCase(n.asText()) || "false".equalsIgnoreCase(n.asText()))) {
            return NODES.booleanNode(Boolean.parseBoolean(n.asText().toLowerCase(Locale.ROOT)));
        }
        add(name, "The value '" + n.asText() + "' is not valid for " + name + ".");
        return NODES.nullNode();
    }

    JsonNode integer(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return NODES.nullNode();
        }
        try {
            BigDecimal d = n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText().trim());
            return NODES.numberNode(d.longValueExact());
        } catch (ArithmeticException | NumberFormatException e) {
            add(name, "The value '" + n.asText() + "' is not valid for " + name + ".");
            return NODES.nullNode();
        }
    }

    JsonNode decimal(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return NODES.nullNode();
        }
        try {
            return NODES.numberNode(DineroAmounts.plain(n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText().trim())));
        } catch (NumberFormatException e) {
            add(name, "The value '" + n.asText() + "' is not valid for " + name + ".");
            return NODES.nullNode();
        }
    }

    /** A date field, when present, must be {@code YYYY-MM-DD} exactly. */
    void date(ObjectNode f, String name) {
        JsonNode n = f.get(name);
        if (n == null || n.isNull() || n.asText().isEmpty()) {
            return;
        }
        try {
            if (!DATE.matcher(n.asText()).matches()) {
                throw new DateTimeParseException("bad", n.asText(), 0);
            }
            LocalDate.parse(n.asText());
        } catch (DateTimeParseException e) {
            add(name, "The value '" + n.asText() + "' is not a valid date (YYYY-MM-DD).");
        }
    }

    void required(ObjectNode f, String... names) {
        for (String name : names) {
            JsonNode n = f.get(name);
            if ((n == null || n.isNull() || (n.isTextual() && n.asText().isBlank())) && !errors.containsKey(name)) {
                add(name, "The " + name + " field is required.");
            }
        }
    }

    void maxLength(ObjectNode f, String name, int max) {
        JsonNode n = f.get(name);
        if (n != null && n.isTextual() && n.asText().length() > max) {
            add(name, "The field " + name + " must be a string with a maximum length of " + max + ".");
        }
    }

    /** A value, when given, must be one of {@code allowed}; else {@code message}, its {@code {}} replaced by the value. */
    void oneOf(ObjectNode f, String name, Set<String> allowed, String message) {
        String value = f.path(name).asText("");
        if (!value.isEmpty() && !allowed.contains(value)) {
            add(name, message.replace("{}", value));
        }
    }

    int intParam(Map<String, String> q, String name, int def) {
        String raw = q.get(name);
        if (raw == null || raw.isBlank()) {
            return def;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            add(name, "The value '" + raw + "' is not valid for " + name + ".");
            return def;
        }
    }
}
