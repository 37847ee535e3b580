package dk.simplydinero.mapping;

import dk.simplydinero.mapping.custom.CustomMapping;
import dk.simplydinero.mapping.custom.DineroFields;
import dk.simplydinero.mapping.custom.Direction;
import dk.simplydinero.mapping.custom.FieldRule;
import dk.simplydinero.model.DineroResource;
import dk.simplydinero.model.SyncModule;

import java.util.List;
import java.util.Map;

/**
 * A value Dinero requires ({@link DineroFields#isRequired}) that the mapping in force (default, or with the custom
 * rules on top) leaves empty because the CRM record lacks it: the record is refused, naming the Dinero field, the CRM
 * field(s) it comes from and the record, never sent with a guessed value (a price of 0, an invented date). Values
 * the product's own rules give (constants, the sales account, DK for an unknown country, parts for another unit)
 * are no guesses and are never empty here.
 */
final class RequiredValues {

    private RequiredValues() {
    }

    static Map<String, Object> toDinero(RecordType type, CustomMapping custom, Map<String, Object> crmRecord,
                                        Map<String, Object> mapped) {
        SyncModule module = type.module();
        DineroResource resource = module.dineroResource();
        CrmRecord r = CrmRecord.of(module.crmModule(), crmRecord);
        for (String field : DineroFields.writable(resource)) {
            if (!DineroFields.isRequired(resource, field) || !blank(mapped.get(field))) {
                continue;
            }
            List<String> sources = sourcesInForce(type, custom, field);
            String name = blank(mapped.get("Name")) ? "" : " (" + mapped.get("Name") + ")";
            String from = sources.isEmpty() ? "no rule gives it" : sources.size() == 1
                    ? "field '" + sources.get(0) + "' is empty" : "fields '" + String.join("', '", sources) + "' are empty";
            throw new MappingException(r.id(), String.join(",", sources), "CRM record " + r.id() + name + ": " + field
                    + ", which Dinero requires, has no value: " + from);
        }
        return mapped;
    }

    /** The CRM fields the rule in force for {@code dineroField} reads: the custom file's, else the default's. */
    private static List<String> sourcesInForce(RecordType type, CustomMapping custom, String dineroField) {
        for (List<FieldRule> rules : List.of(custom.rules(type.module(), Direction.CRM_TO_DINERO),
                type.defaultRules(Direction.CRM_TO_DINERO))) {
            for (FieldRule rule : rules) {
                if (rule.target().equals(dineroField) && !rule.drop()) {
                    return rule.hasSources() ? rule.sources() : List.of();
                }
            }
        }
        return List.of();
    }

    /** Missing as Dinero sees it: no value or only whitespace. */
    static boolean blank(Object value) {
        return value == null || value.toString().isBlank();
    }
}
