package dk.simplydinero.sync;

import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.FailureStore;

/**
 * The endpoint of a module's per-record route in one direction, as routes/sync.yaml names its template instances
 * ({@code direct:contacts-crm-record-to-dinero}, {@code direct:invoices-dinero-record-to-crm}, …): the one place in
 * Java that forms it, for the records Java sends there itself (an invoice's dependencies, a retried failure, a
 * single-record sync).
 */
public final class RecordRoute {

    private RecordRoute() {
    }

    public static String of(SyncModule module, FailureStore.Direction direction) {
        return "direct:" + module.key() + switch (direction) {
            case CRM_TO_DINERO -> "-crm-record-to-dinero";
            case DINERO_TO_CRM -> "-dinero-record-to-crm";
        };
    }
}
