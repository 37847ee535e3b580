package dk.simplydinero.mapping;

import dk.simplydinero.mapping.custom.CustomMapping;
import dk.simplydinero.mapping.custom.Direction;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A default mapping of one Dinero record type to its CRM module (PRODUCT.md 5, the way back). As a Camel
 * {@link Processor} it takes the Dinero record ({@code Map<String,Object>} as the Dinero client returns it) from the
 * body and sets the CRM fields as the body.
 *
 * <p>The result holds only the CRM fields the mapping owns, with CRM string values (money as plain decimals such as
 * {@code "1250.5"}, dates {@code yyyy-MM-dd}), never {@code null}: the caller merges it over the CRM record it
 * read and sends the whole record (vtiger's update wants every mandatory field). An empty Dinero value becomes
 * {@code ""}, so a value cleared in Dinero is cleared in the CRM too.
 */
public abstract class DineroToCrmMapping implements Processor, MapperOfType {

    private final RecordType type;
    private Supplier<CustomMapping> custom = () -> CustomMapping.NONE;

    /** @param type the record type this mapping maps */
    protected DineroToCrmMapping(RecordType type) {
        this.type = type;
    }

    @Override
    public RecordType type() {
        return type;
    }

    /** The CRM fields for a Dinero record by the default mapping. */
    public abstract Map<String, Object> map(Map<String, Object> dineroRecord);

    @Override
    public void customizedBy(Supplier<CustomMapping> custom) {
        this.custom = custom;
    }

    /** The default result {@code mapped} of {@code dineroRecord} with the custom rules in force on top. */
    protected Map<String, Object> inForce(Map<String, Object> dineroRecord, Map<String, Object> mapped) {
        return CustomRules.apply(custom.get(), type.module(), Direction.DINERO_TO_CRM, dineroRecord, mapped);
    }

    /** The CRM fields for a Dinero record by the mapping in force (what {@link #process} makes of it). */
    public Map<String, Object> mapInForce(Map<String, Object> dineroRecord) {
        return inForce(dineroRecord, map(dineroRecord));
    }

    @Override
    public void process(Exchange exchange) {
        Map<String, Object> record = bodyRecord(exchange);
        exchange.getMessage().setBody(inForce(record, map(record)));
    }

    protected Map<String, Object> bodyRecord(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof Map<?, ?> map)) {
            throw new DineroMappingException("", "", getClass().getSimpleName()
                    + " expects a Dinero record (a map) as the body, got "
                    + (body == null ? "nothing" : body.getClass().getName()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) map;
        return record;
    }
}
