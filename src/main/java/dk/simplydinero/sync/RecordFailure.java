package dk.simplydinero.sync;

import dk.simplydinero.crm.CrmException;
import dk.simplydinero.crm.CrmLoginException;
import dk.simplydinero.crm.CrmTransientException;
import dk.simplydinero.dinero.DineroException;
import dk.simplydinero.http.SideUnavailableException;
import dk.simplydinero.mapping.MappingException;
import dk.simplydinero.mapping.UnlinkedDependencyException;
import dk.simplydinero.mapping.UnlinkedDineroDependencyException;
import dk.simplydinero.store.FailureStore;
import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;

/**
 * Why one record failed, as the failure list and the single-record answers tell it: the side to look at, that
 * side's code, a message a user understands, and the HTTP status of a single-record sync (422: the record was
 * refused; 503: a side did not answer). Both halves of the sync and the aggregator describe failures this way.
 */
record RecordFailure(String side, String code, String message, int httpStatus) {

    /**
     * Exchange properties with the record's name on the CRM side and on the Dinero side, set by the per-record steps
     * from the records they hold (the source as read, the target as mapped), so that a failure names the record on both
     * sides without another request. Not headers: the REST API hands a caller's HTTP headers on as headers.
     */
    static final String CRM_NAME = "crmName";
    static final String DINERO_NAME = "dineroName";

    /** The record of a failing exchange as the failure list names it: the ids given, the names its properties hold. */
    static FailureStore.Names names(Exchange exchange, String crmId, String dineroId) {
        return new FailureStore.Names(crmId, dineroId, exchange.getProperty(CRM_NAME, String.class),
                exchange.getProperty(DINERO_NAME, String.class));
    }

    /** The code of a record not written because its side is down (circuit breaker open). */
    static final String UNAVAILABLE = "UNAVAILABLE";

    /**
     * The code of a record not written because its side refused our credentials (Dinero's API key or client, the
     * CRM's user or access key): every further call would be refused alike, so the run stops there as for a side
     * that is down, and the cause is logged once instead of once per record.
     */
    static final String CREDENTIALS_REFUSED = "CREDENTIALS_REFUSED";

    /** Whether a failure with this code stops the run (side down, credentials refused): no record after it can pass. */
    static boolean stopsTheRun(String code) {
        return UNAVAILABLE.equals(code) || CREDENTIALS_REFUSED.equals(code);
    }

    boolean stopsTheRun() {
        return stopsTheRun(code);
    }

    /**
     * @param dataSide the side whose data is at fault when the mapping refused a record ({@code crm} for CRM →
     *                 Dinero, {@code dinero} for Dinero → CRM)
     */
    static RecordFailure of(Exception e, String dataSide) {
        if (e == null) {
            return new RecordFailure(dataSide, null, "unknown error", 422);
        }
        SideUnavailableException down = ObjectHelper.getException(SideUnavailableException.class, e);
        if (down != null) {
            return new RecordFailure(down.side(), UNAVAILABLE, down.getMessage(), 503);
        }
        String side = e instanceof DineroException ? "dinero" : e instanceof CrmException ? "crm" : dataSide;
        if (e instanceof DineroException.Auth || e instanceof CrmLoginException) {
            return new RecordFailure(side, CREDENTIALS_REFUSED, message(e), 422);
        }
        String code = e instanceof DineroException d && d.code() != null ? String.valueOf(d.code())
                : e instanceof DineroException.Transport t ? "TRANSPORT_" + t.reason().name()
                : e instanceof CrmException c ? c.code()
                : e instanceof MappingException ? "MAPPING"
                : e instanceof UnlinkedDependencyException || e instanceof UnlinkedDineroDependencyException ? "DEPENDENCY"
                : e.getClass().getSimpleName();
        boolean noAnswer = e instanceof DineroException d ? d.isTransient() : e instanceof CrmTransientException;
        return new RecordFailure(side, code, message(e), noAnswer ? 503 : 422);
    }

    /** The caught exception of a route's doCatch. */
    static RecordFailure caught(Exchange exchange, String dataSide) {
        return of(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class), dataSide);
    }

    static String message(Exception e) {
        if (e == null) {
            return "unknown error";
        }
        if (e instanceof DineroException d && !d.validationErrors().isEmpty()) {
            return d.getMessage() + " " + d.validationErrors();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
