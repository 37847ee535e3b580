package dk.simplydinero.mapping;

import dk.simplydinero.mapping.custom.CustomMapping;
import dk.simplydinero.mapping.custom.Direction;
import dk.simplydinero.model.DineroResource;
import dk.simplydinero.model.SyncModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/** Applying the custom mapping file's rules in the mapping processors (both directions). */
final class CustomRules {

    private static final Logger LOG = LoggerFactory.getLogger(CustomRules.class);

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
                documentedDefaults(module, source, applied);
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

    /**
     * A CountryKey or Unit that a rule left empty (a blank CRM value, or a rule without conversion) gets the value
     * PRODUCT.md 5 gives an empty one: DK with a warning, parts. Any other value Dinero requires that a rule leaves
     * empty is not filled in: {@link RequiredValues} refuses the record for it.
     */
    private static void documentedDefaults(SyncModule module, Map<String, Object> source, Map<String, Object> applied) {
        if (module.dineroResource() == DineroResource.CONTACTS && RequiredValues.blank(applied.get("CountryKey"))) {
            LOG.warn("CRM record {}: the mapping file's CountryKey rule gives no country; using {}",
                    source == null ? "" : source.get("id"), CountryKeys.DEFAULT);
            applied.put("CountryKey", CountryKeys.DEFAULT);
        }
        if (module.dineroResource() == DineroResource.PRODUCTS && RequiredValues.blank(applied.get("Unit"))) {
            applied.put("Unit", Units.toDinero(""));
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
