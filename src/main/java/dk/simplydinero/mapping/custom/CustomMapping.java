package dk.simplydinero.mapping.custom;

import dk.simplydinero.model.SyncModule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A validated custom mapping file ({@code sync.mapping=custom}): per module and direction the rules that change the
 * default mapping. {@code file} is the file's name as messages show it.
 */
public record CustomMapping(String file, Map<SyncModule, Map<Direction, List<FieldRule>>> rules) {

    /** No custom rules: the default mapping as it is. */
    public static final CustomMapping NONE = new CustomMapping("", Map.of());

    public CustomMapping {
        Map<SyncModule, Map<Direction, List<FieldRule>>> copy = new EnumMap<>(SyncModule.class);
        if (rules != null) {
            rules.forEach((module, byDirection) -> {
                Map<Direction, List<FieldRule>> directions = new EnumMap<>(Direction.class);
                byDirection.forEach((direction, list) -> directions.put(direction, List.copyOf(list)));
                copy.put(module, Collections.unmodifiableMap(directions));
            });
        }
        rules = Collections.unmodifiableMap(copy);
    }

    /** The rules of one module and direction, in file order; empty when the file has none. */
    public List<FieldRule> rules(SyncModule module, Direction direction) {
        return rules.getOrDefault(module, Map.of()).getOrDefault(direction, List.of());
    }

    /**
     * The default result with this module's and direction's rules applied on top: a rule with sources sets
     * target = conversion(source values from {@code source}); a constant sets target = constant; drop removes
     * target. Fields not named keep the default. Returns a new map.
     *
     * @throws IllegalArgumentException when a conversion meets a value it cannot convert (a date or number that is none)
     */
    public Map<String, Object> apply(SyncModule module, Direction direction, Map<String, ?> source,
                                     Map<String, Object> defaultMapped) {
        Map<String, Object> out = new LinkedHashMap<>(defaultMapped == null ? Map.of() : defaultMapped);
        for (FieldRule rule : rules(module, direction)) {
            if (rule.drop()) {
                out.remove(rule.target());
            } else if (rule.hasSources()) {
                List<Object> values = new ArrayList<>();
                for (String field : rule.sources()) {
                    values.add(source == null ? null : source.get(field));
                }
                Conversion conversion = rule.conversion() == null ? Conversion.TEXT : rule.conversion();
                out.put(rule.target(), conversion.apply(values, direction));
            } else {
                out.put(rule.target(), rule.constant());
            }
        }
        return out;
    }

    /**
     * Every CRM field the file names (sources of crm-to-dinero, targets of dinero-to-crm), per CRM module name
     * ({@code Accounts}, {@code Contacts}, {@code Products}, {@code Invoice}) → field → place of its first rule.
     */
    public Map<String, Map<String, String>> crmFields() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        forEachCrmField((module, direction, field, rule) ->
                out.computeIfAbsent(module.crmModule(), m -> new LinkedHashMap<>()).putIfAbsent(field, rule.place()));
        return out;
    }

    /**
     * Checks the CRM fields against what the installation has.
     *
     * @param fieldsOfCrmModule CRM module name → its field names (from describe); null or empty = it has none
     * @throws MappingFileException for the first unknown field, e.g. {@code mapping.yaml line 9:
     *                              products.crm-to-dinero: the CRM's Products have no field 'productcod'}
     */
    public void checkCrmFields(Function<String, Set<String>> fieldsOfCrmModule) {
        Map<String, Set<String>> known = new LinkedHashMap<>();
        forEachCrmField((module, direction, field, rule) -> {
            Set<String> fields = known.computeIfAbsent(module.crmModule(), m -> {
                Set<String> f = fieldsOfCrmModule.apply(m);
                return f == null ? Set.of() : f;
            });
            if (!fields.contains(field)) {
                throw new MappingFileException(rule.place() + ": " + module.key() + "." + direction.key()
                        + ": the CRM's " + module.crmModule() + " have no field '" + field + "'");
            }
        });
    }

    private interface CrmFieldVisitor {
        void visit(SyncModule module, Direction direction, String field, FieldRule rule);
    }

    private void forEachCrmField(CrmFieldVisitor visitor) {
        for (SyncModule module : SyncModule.values()) {
            for (Direction direction : Direction.values()) {
                for (FieldRule rule : rules(module, direction)) {
                    if (direction == Direction.CRM_TO_DINERO) {
                        rule.sources().forEach(field -> visitor.visit(module, direction, field, rule));
                    } else {
                        visitor.visit(module, direction, rule.target(), rule);
                    }
                }
            }
        }
    }
}
