package dk.simplydinero.mapping;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;

/**
 * A default mapping of one CRM module to its Dinero record. As a Camel {@link Processor} it takes the CRM record
 * ({@code Map<String,Object>} as the CRM client returns it) from the body and sets the Dinero record as the body.
 */
public abstract class CrmToDineroMapping implements Processor {

    /** The Dinero record (PascalCase names, ready to POST/PUT) for a CRM record; never null values. */
    public abstract Map<String, Object> map(Map<String, Object> crmRecord);

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof Map<?, ?> map)) {
            throw new MappingException("", "", getClass().getSimpleName() + " expects a CRM record (a map) as the body, got "
                    + (body == null ? "nothing" : body.getClass().getName()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> crmRecord = (Map<String, Object>) map;
        exchange.getMessage().setBody(map(crmRecord));
    }
}
