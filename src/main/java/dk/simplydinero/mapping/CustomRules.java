package dk.simplydinero.mapping;

import dk.simplydinero.mapping.custom.CustomMapping;
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
            return withoutNulls(custom.apply(module, direction, source, mapped));
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
