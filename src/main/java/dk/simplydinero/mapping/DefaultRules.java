package dk.simplydinero.mapping;

import dk.simplydinero.mapping.custom.Conversion;
import dk.simplydinero.mapping.custom.DefaultMapping;
import dk.simplydinero.mapping.custom.FieldRule;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default rules of a record type for one direction ({@link RecordType#defaultRules}), one line per rule, which
 * are also what its mapper does: {@link #map} applies them in order. A rule with a conversion reads its source as the
 * conversion says ({@link #toDinero}: from a CRM record, {@link #toCrm}: from a Dinero record); a rule the code computes
 * (a check, a fallback, a split) says how with {@link #value}, and what it does with {@link #note}.
 *
 * @param <R> the record the rules read: {@link CrmRecord} or {@link DineroRecord}
 */
public final class DefaultRules<R> {

    /** How one rule computes its value from the record and its sources; null = the field is not written. */
    @FunctionalInterface
    public interface Value<R> {
        Object of(R record, List<String> sources, Logger log);
    }

    private record Rule<R>(FieldRule rule, Value<R> value, boolean first) {
    }

    private final List<Rule<R>> rules = new ArrayList<>();
    private final Converter<R> byConversion;
    private final Value<R> externalReference;

    private interface Converter<R> {
        Object read(R record, Conversion conversion, String source, Logger log);
    }

    private DefaultRules(Converter<R> byConversion, Value<R> externalReference) {
        this.byConversion = byConversion;
        this.externalReference = externalReference;
    }

    /** Rules from CRM fields to Dinero fields. */
    public static DefaultRules<CrmRecord> toDinero() {
        return new DefaultRules<>((r, conversion, source, log) -> switch (conversion) {
            case TEXT -> r.text(source);
            case COUNTRY -> CountryKeys.fromCrm(r, source, log);
            case DECIMAL -> r.decimal(source);
            case UNIT -> Units.toDinero(r.text(source));
            default -> throw new IllegalStateException(conversion + " needs a value");
        }, (r, sources, log) -> DineroRules.externalReference(r));
    }

    /** Rules from Dinero fields to CRM fields. */
    public static DefaultRules<DineroRecord> toCrm() {
        return new DefaultRules<>((r, conversion, source, log) -> switch (conversion) {
            case TEXT -> r.text(source);
            case COUNTRY -> CrmCountries.fromDinero(r, source, log);
            case UNIT -> Units.toCrm(r.text(source));
            default -> throw new IllegalStateException(conversion + " needs a value");
        }, null);
    }

    /** Rules that are shown but computed by their mapper's own code as a whole (an invoice). */
    public static DefaultRules<Void> computedByCode() {
        return new DefaultRules<>((r, conversion, source, log) -> {
            throw new IllegalStateException("computed by code");
        }, null);
    }

    /** {@code target} = {@code conversion}(source); a null conversion: computed by {@link #value}. */
    public DefaultRules<R> pair(String target, Conversion conversion, String... sources) {
        rules.add(new Rule<>(new FieldRule(target, List.of(sources), null, false, conversion, DefaultMapping.PLACE),
                conversion == null ? null : (r, s, log) -> byConversion.read(r, conversion, s.get(0), log), false));
        return this;
    }

    /** ExternalReference = the CRM id: what links a Dinero record to its CRM record (at most the length Dinero takes). */
    public DefaultRules<R> externalReference() {
        return pair("ExternalReference", Conversion.TEXT, "id").value(externalReference)
                .note("links the Dinero record to its CRM record; cannot be changed");
    }

    /** {@code target} = {@code value}. */
    public DefaultRules<R> constant(String target, Object value) {
        rules.add(new Rule<>(new FieldRule(target, List.of(), value, false, null, DefaultMapping.PLACE),
                (r, s, log) -> value, false));
        return this;
    }

    /** How the rule written last computes its value (a check, a fallback, a split of one field into two). */
    public DefaultRules<R> value(Value<R> value) {
        Rule<R> last = rules.remove(rules.size() - 1);
        rules.add(new Rule<>(last.rule(), value, last.first()));
        return this;
    }

    /**
     * The rule written last is checked before the others (its place in the result stays): a record with more than one
     * problem is refused for this one (a contact without a name, a product whose price is no number).
     */
    public DefaultRules<R> first() {
        Rule<R> last = rules.remove(rules.size() - 1);
        rules.add(new Rule<>(last.rule(), last.value(), true));
        return this;
    }

    /** What the code does for the rule written last. */
    public DefaultRules<R> note(String note) {
        Rule<R> last = rules.remove(rules.size() - 1);
        FieldRule r = last.rule();
        rules.add(new Rule<>(new FieldRule(r.target(), r.sources(), r.constant(), false, r.conversion(), r.place(),
                note), last.value(), last.first()));
        return this;
    }

    /** The rules as shown and checked ({@code GET /api/mapping}, fingerprints, required values). */
    public List<FieldRule> list() {
        return rules.stream().map(Rule::rule).toList();
    }

    /**
     * The rules applied to one record, in order: target → value, a null value left out.
     *
     * @param log where a rule warns (the mapper's own log)
     * @throws MappingException a rule's check refuses the record
     */
    public Map<String, Object> map(R record, Logger log) {
        Map<Rule<R>, Object> early = new java.util.HashMap<>();
        for (Rule<R> rule : rules) {
            if (rule.first()) {
                early.put(rule, valueOf(rule, record, log));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Rule<R> rule : rules) {
            Object value = rule.first() ? early.get(rule) : valueOf(rule, record, log);
            if (value != null) {
                out.put(rule.rule().target(), value);
            }
        }
        return out;
    }

    private Object valueOf(Rule<R> rule, R record, Logger log) {
        if (rule.value() == null) {
            throw new IllegalStateException("the default rule of " + rule.rule().target() + " has no value");
        }
        return rule.value().of(record, rule.rule().sources(), log);
    }
}
