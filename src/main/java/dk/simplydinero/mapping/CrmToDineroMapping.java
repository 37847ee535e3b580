package dk.simplydinero.mapping;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import dk.simplydinero.mapping.custom.CustomMapping;
import dk.simplydinero.mapping.custom.Direction;
import dk.simplydinero.sync.SyncModule;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A default mapping of one CRM module to its Dinero record. As a Camel {@link Processor} it takes the CRM record
 * ({@code Map<String,Object>} as the CRM client returns it) from the body and sets the Dinero record as the body.
 */
public abstract class CrmToDineroMapping implements Processor {

    private SyncModule module;
    private Supplier<CustomMapping> custom = () -> CustomMapping.NONE;

    /** The Dinero record (PascalCase names, ready to POST/PUT) for a CRM record by the default mapping; never null values. */
    public abstract Map<String, Object> map(Map<String, Object> crmRecord);

    /** Applies the custom mapping file's rules for {@code module} (sync.mapping=custom) on top of the default. */
    public void customizedBy(SyncModule module, Supplier<CustomMapping> custom) {
        this.module = module;
        this.custom = custom;
    }

    /** The Dinero record for a CRM record by the mapping in force (default, with the custom rules on top). */
    public Map<String, Object> mapInForce(Map<String, Object> crmRecord) {
        Map<String, Object> mapped = map(crmRecord);
        return module == null ? mapped : CustomRules.apply(custom.get(), module, Direction.CRM_TO_DINERO, crmRecord, mapped);
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
