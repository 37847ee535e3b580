package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

import static dk.simplydinero.sandbox.dinero.DineroAnswers.NODES;

/**
 * How Dinero writes the values every record shares, traps included: date-times without a zone and with a varying
 * number of fractional digits, in a zone the {@code renderTimesIn} knob picks, and empty text as {@code ""} for some
 * fields but {@code null} for others.
 */
final class DineroRendering {

    /** Text fields answered as {@code ""} when empty; every other empty text comes back as {@code null}. */
    static final Set<String> BLANK_WHEN_EMPTY = Set.of("Phone", "Email", "AttPerson", "VatNumber", "Street", "City",
            "ZipCode", "Comment", "Comments", "Description", "Address");

    private volatile ZoneId timeZone = ZoneOffset.UTC;

    void renderTimesIn(ZoneId zone) {
        this.timeZone = zone;
    }

    /** {@code CreatedAt}, {@code UpdatedAt} and {@code DeletedAt} of a record. */
    void dates(ObjectNode o, DineroStore.Rec rec) {
        ZoneId zone = timeZone;
        o.put("CreatedAt", dateTime(rec.createdAt, zone));
        o.put("UpdatedAt", dateTime(rec.updatedAt, zone));
        if (rec.deletedAt == null) {
            o.putNull("DeletedAt");
        } else {
            o.put("DeletedAt", dateTime(rec.deletedAt, zone));
        }
    }

    /** Dinero's date-time: no zone, as many fractional digits as needed (0 to 3): 2017-05-19T14:15:29.55. */
    static String dateTime(Instant at, ZoneId zone) {
        LocalDateTime t = LocalDateTime.ofInstant(at, zone);
        String s = t.withNano(0).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        int millis = t.getNano() / 1_000_000;
        if (millis == 0) {
            return s;
        }
        String fraction = String.format("%03d", millis).replaceAll("0+$", "");
        return s + "." + fraction;
    }

    /** A stored value as answered: an empty one becomes {@code ""} or {@code null} by {@link #BLANK_WHEN_EMPTY}. */
    static JsonNode empty(String name, JsonNode value) {
        boolean isEmpty = value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty());
        if (!isEmpty) {
            return value;
        }
        if (value != null && value.isTextual()) {
            return value;
        }
        return BLANK_WHEN_EMPTY.contains(name) ? NODES.textNode("") : NODES.nullNode();
    }
}
