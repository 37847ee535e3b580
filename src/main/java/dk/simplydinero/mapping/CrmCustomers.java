package dk.simplydinero.mapping;

import dk.simplydinero.model.SyncModule;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The invoice customers (CRM organizations and contacts) the current run wrote, as the CRM answered the write: an
 * invoice of such a customer takes its address from here instead of reading the record again
 * ({@link CrmLinkLookup#customer}). Emptied when a run begins, so a CRM user's edit between runs is read; bounded, so
 * a run of many customers keeps only the latest (an older one is read as before).
 */
@Component
public class CrmCustomers {

    /** About a megabyte of addresses. */
    static final int CAPACITY = 5_000;

    private final Map<String, CrmLinkLookup.CrmCustomer> written = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CrmLinkLookup.CrmCustomer> eldest) {
            return size() > CAPACITY;
        }
    };

    /** A run begins: what earlier runs wrote may have been edited in the CRM since. */
    public synchronized void clear() {
        written.clear();
    }

    /** The CRM holds {@code record} (the answer of our write, or the record read for it) as {@code crmId}. */
    public void wrote(RecordType type, String crmId, Map<String, Object> record) {
        if (type.module() != SyncModule.ORGANIZATIONS && type.module() != SyncModule.CONTACTS) {
            return;
        }
        CrmLinkLookup.CrmCustomer customer = MappingConfiguration.customerOf(type, crmId, record);
        synchronized (this) {
            written.put(crmId, customer);
        }
    }

    synchronized Optional<CrmLinkLookup.CrmCustomer> find(String crmId) {
        return Optional.ofNullable(written.get(crmId));
    }
}
