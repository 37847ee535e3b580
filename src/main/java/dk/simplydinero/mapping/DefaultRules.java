package dk.simplydinero.mapping;

import dk.simplydinero.mapping.custom.Conversion;
import dk.simplydinero.mapping.custom.DefaultMapping;
import dk.simplydinero.mapping.custom.FieldRule;

import java.util.ArrayList;
import java.util.List;

/** Writes down the default rules of a record type ({@link RecordType#defaultRules}), one line per rule. */
public final class DefaultRules {

    private final List<FieldRule> rules = new ArrayList<>();

    public static DefaultRules of() {
        return new DefaultRules();
    }

    /** {@code target} = {@code conversion}(sources); a null conversion: computed by code (say how in a note). */
    public DefaultRules pair(String target, Conversion conversion, String... sources) {
        rules.add(new FieldRule(target, List.of(sources), null, false, conversion, DefaultMapping.PLACE));
        return this;
    }

    /** ExternalReference = the CRM id: what links a Dinero record to its CRM record. */
    public DefaultRules externalReference() {
        return pair("ExternalReference", Conversion.TEXT, "id")
                .note("links the Dinero record to its CRM record; cannot be changed");
    }

    /** {@code target} = {@code value}. */
    public DefaultRules constant(String target, Object value) {
        rules.add(new FieldRule(target, List.of(), value, false, null, DefaultMapping.PLACE));
        return this;
    }

    /** What the code does for the rule written last. */
    public DefaultRules note(String note) {
        FieldRule last = rules.remove(rules.size() - 1);
        rules.add(new FieldRule(last.target(), last.sources(), last.constant(), false, last.conversion(), last.place(),
                note));
        return this;
    }

    public List<FieldRule> list() {
        return List.copyOf(rules);
    }
}
