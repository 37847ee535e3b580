package dk.simplydinero.mapping;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import dk.simplydinero.mapping.custom.CustomMapping;
import dk.simplydinero.mapping.custom.Direction;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A default mapping of one CRM module to its Dinero record. As a Camel {@link Processor} it takes the CRM record
 * ({@code Map<String,Object>} as the CRM client returns it) from the body and sets the Dinero record as the body.
 */
public abstract class CrmToDineroMapping implements Processor, MapperOfType {

    private final RecordType type;
    private Supplier<CustomMapping> custom = () -> CustomMapping.NONE;

    /** @param type the record type this mapping maps (its module says which Dinero fields are required) */
    protected CrmToDineroMapping(RecordType type) {
        this.type = type;
    }

    @Override
    public RecordType type() {
        return type;
    }

    /**
     * The Dinero fields by the default mapping, never null values. A value Dinero requires that the CRM record lacks
     * is left out (not guessed): {@link #map} and {@link #mapInForce} refuse the record for it, after the custom rules
     * had their chance to give it from another field.
     */
    protected abstract Map<String, Object> mapFields(Map<String, Object> crmRecord);

    /**
     * The Dinero record (PascalCase names, ready to POST/PUT) for a CRM record by the default mapping; never null values.
     *
     * @throws MappingException a value Dinero requires is missing (naming the CRM field and the record), or malformed
     */
    public Map<String, Object> map(Map<String, Object> crmRecord) {
        return RequiredValues.toDinero(type, CustomMapping.NONE, crmRecord, mapFields(crmRecord));
    }

    @Override
    public void customizedBy(Supplier<CustomMapping> custom) {
        this.custom = custom;
    }

    /** The Dinero record for a CRM record by the mapping in force (default, with the custom rules on top). */
    public Map<String, Object> mapInForce(Map<String, Object> crmRecord) {
        CustomMapping rules = custom.get();
        Map<String, Object> mapped = CustomRules.apply(rules, type.module(), Direction.CRM_TO_DINERO, crmRecord,
                mapFields(crmRecord));
        return RequiredValues.toDinero(type, rules, crmRecord, mapped);
    }

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof Map<?, ?> map)) {
            throw new MappingException("", "", getClass().getSimpleName() + " expects a CRM record (a map) as the body, got "
                    + (body == null ? "nothing" : body.getClass().getName()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> crmRecord = (Map<String, Object>) map;
        exchange.getMessage().setBody(mapInForce(crmRecord));
    }
}
