package dk.simplydinero.mapping;

import dk.simplydinero.model.SyncModule;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The invoice customers (CRM organizations and contacts) the current run wrote, as the CRM answered the write: an
 * invoice of such a customer takes its address from here instead of reading the record again
 * ({@link CrmLinkLookup#customer}). Emptied when a run begins and ends, so a CRM user's edit between runs is read;
 * bounded, so a run of many customers keeps only the latest (an older one is read as before). A user's edit of a
 * customer during the run that wrote it reaches that run's invoices of the customer only when they are written again.
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

    /**
     * A run begins or ends: what earlier runs wrote may have been edited in the CRM since (and a preview between runs
     * reads the CRM, not this), and addresses are not kept longer than the run that needs them.
     */
    public synchronized void clear() {
        written.clear();
    }

    /** {@code crmId} is about to be written again: its earlier answer no longer holds, even if this write fails. */
    public synchronized void forget(String crmId) {
        written.remove(crmId);
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
