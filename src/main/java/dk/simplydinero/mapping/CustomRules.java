package dk.simplydinero.mapping;

import dk.simplydinero.mapping.custom.CustomMapping;
import dk.simplydinero.mapping.custom.DineroFields;
import dk.simplydinero.mapping.custom.Direction;
import dk.simplydinero.sync.SyncModule;

import java.util.LinkedHashMap;
import java.util.Map;

/** Applying the custom mapping file's rules in the mapping processors (both directions). */
final class CustomRules {

    private CustomRules() {
    }

    /**
     * The custom rules applied; a value a conversion cannot take (a date or number that is none) fails the record with
     * the reason, as the default mapping's own refusals do.
     */
    static Map<String, Object> apply(CustomMapping custom, SyncModule module, Direction direction, Map<String, Object> source,
                                     Map<String, Object> mapped) {
        try {
            Map<String, Object> applied = withoutNulls(custom.apply(module, direction, source, mapped));
            if (direction == Direction.CRM_TO_DINERO) {
                // A field Dinero requires that a rule left empty (a blank CRM value) keeps the default's value
                // (e.g. 0 for a price, DK for a country) instead of being sent without it and refused.
                mapped.forEach((field, value) -> {
                    Object now = applied.get(field);
                    if ((now == null || now.toString().isBlank()) && value != null
                            && DineroFields.isRequired(module.dineroResource(), field)) {
                        applied.put(field, value);
                    }
                });
            }
            return applied;
        } catch (IllegalArgumentException e) {
            String id = String.valueOf(source.getOrDefault("id", source.getOrDefault("Guid", source.get("ContactGuid"))));
            String message = (direction == Direction.CRM_TO_DINERO ? "CRM record " : "Dinero record ") + id
                    + ": the custom mapping file cannot convert a value: " + e.getMessage();
            throw direction == Direction.CRM_TO_DINERO ? new MappingException(id, "", message)
                    : new DineroMappingException(id, "", message);
        }
    }

    /** A mapped record never carries nulls: a custom rule whose source is blank sends no value for its field. */
    private static Map<String, Object> withoutNulls(Map<String, Object> mapped) {
        Map<String, Object> out = new LinkedHashMap<>();
        mapped.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }
}
