package dk.simplydinero.sync;

import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.invoices.DineroInvoiceMapping;
import dk.simplydinero.invoices.DineroInvoiceState;
import dk.simplydinero.mapping.MappingException;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.mapping.UnlinkedDineroDependencyException;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.FailureStore;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The steps of the routes {@code <module>-dinero-record-to-crm} that are more than a line of YAML (the mirror of {@link CrmToDinero}). */
@Component
public class DineroToCrm {

    /** Exchange property: the Dinero invoice's payment state as seen ({@link #seesState}). */
    static final String STATE_PROPERTY = "dineroState";
    /** Exchange property: the Dinero record's {@code UpdatedAt} as read whole ({@link #complete}). */
    static final String VERSION_PROPERTY = "dineroVersion";

    private final DineroClient dinero;
    private final CrmWriter writer;
    private final SyncRuns runs;
    private final LinkStore links;
    private final Fingerprints fingerprints;
    private final DineroInvoiceMapping invoiceMapping;
    private final ProducerTemplate producer;
    private final PrivateCustomers privateCustomers;
    private final RecordTypes types;
    private final BookedCreditNotes creditNotes;

    public DineroToCrm(DineroClient dinero, CrmWriter writer, SyncRuns runs, LinkStore links, Fingerprints fingerprints,
                       DineroInvoiceMapping invoiceMapping, @Lazy ProducerTemplate producer,
                       PrivateCustomers privateCustomers, RecordTypes types, BookedCreditNotes creditNotes) {
        this.creditNotes = creditNotes;
        this.types = types;
        this.privateCustomers = privateCustomers;
        this.dinero = dinero;
        this.writer = writer;
        this.runs = runs;
        this.links = links;
        this.fingerprints = fingerprints;
        this.invoiceMapping = invoiceMapping;
        this.producer = producer;
    }

    public String dineroId(@Header("module") SyncModule module, @Body Map<String, Object> record) {
        return String.valueOf(record.get(module.dineroResource().idField()));
    }

    /**
     * A record deleted in Dinero is not deleted in the CRM (deletions are not propagated); a linked one is reported.
     * Nor does a version already synced go on ({@link #unchangedSinceRead}). Returns whether the record goes on to the
     * CRM.
     */
    public boolean live(Exchange exchange, @Header("runId") long runId, @Header("module") SyncModule module,
                        @Header("dineroId") String dineroId, @Body Map<String, Object> record) {
        if (record.get("DeletedAt") == null) {
            return !unchangedSinceRead(runId, module, dineroId, record);
        }
        Optional<Link> link = links.byDineroId(module, dineroId);
        if (link.isPresent()) {
            runs.deleted(runId, module, link.get().crmId(), "Dinero");
        } else {
            // Never in the CRM: nothing to handle, so not one of the records the module's total counts.
            runs.total(runId, module, -1);
        }
        return false;
    }

    /** A version already synced is not read again ({@link #sameVersionAsLinked}): it counts as unchanged. */
    private boolean unchangedSinceRead(long runId, SyncModule module, String dineroId, Map<String, Object> record) {
        if (!sameVersionAsLinked(links, module, dineroId, record)) {
            return false;
        }
        runs.count(runId, FailureStore.Direction.DINERO_TO_CRM, module, WriteOutcome.of(WriteOutcome.Action.UNCHANGED,
                links.byDineroId(module, dineroId).map(Link::crmId).orElse(null)));
        return true;
    }

    /**
     * Whether an invoice list row (the change feed's, not read whole yet) shows the {@code UpdatedAt} and payment state
     * of the version last read and written to the CRM (its link's, with Dinero's fingerprint: written completely): then
     * it is that version, back in the feed's overlap, and need not be read again (the invoice, its payments, its
     * customer in the CRM). A change moves {@code UpdatedAt} (kept to the millisecond); a booking or a payment that
     * settles it changes the state. Only a draft or a settled invoice (paid, overpaid) is skipped: a partial payment
     * leaves a booked or overdue invoice's state as it was, and nothing documents that it moves {@code UpdatedAt}.
     * Other types need no read to be compared.
     */
    static boolean sameVersionAsLinked(LinkStore links, SyncModule module, String dineroId, Map<String, Object> row) {
        Object updatedAt = row.get("UpdatedAt");
        String state = InvoicePayments.stateOf(row);
        if (module != SyncModule.INVOICES || row.get("ProductLines") instanceof List || updatedAt == null
                || !DineroInvoiceState.of(state).map(DineroInvoiceState::paymentsShowInState).orElse(false)) {
            return false;
        }
        Link link = links.byDineroId(module, dineroId).orElse(null);
        return link != null && link.dineroHash() != null && updatedAt.toString().equals(link.dineroTimestamp())
                && state.equalsIgnoreCase(links.dineroState(module, dineroId).orElse(null));
    }

    /**
     * An invoice is read whole, with its payments (the money that flows back to the CRM), unless that was done
     * already (the aggregator read it to fingerprint it; a retried failure is read whole).
     */
    public Map<String, Object> complete(Exchange exchange, @Header("module") SyncModule module,
                                        @Header("dineroId") String dineroId, @Body Map<String, Object> record) {
        // The record's Dinero name is kept for a failure; a CRM name is not known until it is mapped (write).
        exchange.removeProperty(RecordFailure.CRM_NAME);
        exchange.removeProperty(VERSION_PROPERTY);
        if (module != SyncModule.INVOICES) {
            exchange.setProperty(RecordFailure.DINERO_NAME, types.of(module).dineroName(record));
            return record;
        }
        Map<String, Object> invoice = record.get("ProductLines") instanceof List ? record : dinero.getInvoice(dineroId);
        if (invoice.get("UpdatedAt") != null) {
            exchange.setProperty(VERSION_PROPERTY, invoice.get("UpdatedAt").toString());
        }
        exchange.setProperty(RecordFailure.DINERO_NAME, types.of(module).dineroName(invoice));
        seesState(exchange, record, invoice);
        if (exchange.getProperty(DineroInvoiceMapping.PAYMENTS_PROPERTY) == null) {
            exchange.setProperty(DineroInvoiceMapping.PAYMENTS_PROPERTY, paymentsOf(dinero, dineroId, invoice));
        }
        return invoice;
    }

    /** An invoice's payments answer, read where the run reads it; none for a draft (it has no payments). */
    static Map<String, Object> paymentsOf(DineroClient dinero, String dineroId, Map<String, Object> invoice) {
        return "Draft".equalsIgnoreCase(String.valueOf(invoice.get("Status"))) ? null : dinero.listPayments(dineroId);
    }

    /**
     * The payment state this record is seen in, kept with the link once it is written ({@link InvoicePayments}): as
     * the list row that brought it shows it (its vocabulary is what the next list is compared with), else as read
     * whole. Set once: the aggregator sets it from the list row before the whole invoice comes here.
     */
    static void seesState(Exchange exchange, Map<String, ?> row, Map<String, ?> invoice) {
        if (exchange.getProperty(STATE_PROPERTY) == null) {
            String state = InvoicePayments.stateOf(row);
            exchange.setProperty(STATE_PROPERTY, state != null ? state : InvoicePayments.stateOf(invoice));
        }
    }

    /** The Dinero side of the record, for the link (and to recognise our own writes coming back). */
    public String fingerprint(Exchange exchange, @Header("module") SyncModule module, @Body Map<String, Object> record) {
        return fingerprints.dinero(module, record, exchange.getProperty(DineroInvoiceMapping.PAYMENTS_PROPERTY, Map.class));
    }

    /**
     * An invoice whose customer or products are not in the CRM yet gets them synced first, through their module's
     * per-record route.
     */
    public void linkDependencies(Exchange exchange, @Header("module") SyncModule module, @Body Map<String, Object> invoice) {
        if (module != SyncModule.INVOICES) {
            return;
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> payments = exchange.getProperty(DineroInvoiceMapping.PAYMENTS_PROPERTY, Map.class);
            // Every dependency linked: the mapping step takes this result rather than map (and read the customer) again.
            exchange.setProperty(DineroInvoiceMapping.MAPPED_PROPERTY, invoiceMapping.map(invoice, payments));
        } catch (UnlinkedDineroDependencyException missing) {
            for (UnlinkedDineroDependencyException.Dependency dependency : missing.getMissing()) {
                dinero.find(dependency.module().dineroResource(), dependency.dineroId()).ifPresent(record ->
                        producer.sendBodyAndHeaders(RecordRoute.of(dependency.module(), FailureStore.Direction.DINERO_TO_CRM),
                                record, Map.of("module", dependency.module(),
                                "runId", exchange.getIn().getHeader("runId"))));
            }
        } catch (MappingException e) {
            // The mapping step reports it with the reason.
        }
    }

    public WriteOutcome write(Exchange exchange, @Header("runId") long runId, @Header("module") SyncModule module,
                              @Header("dineroId") String dineroId, @Header("dineroFingerprint") String dineroFingerprint,
                              @Header("bothChanged") Boolean bothChanged, @Header("pairedCrmId") String pairedCrmId,
                              @Body Map<String, Object> mapped) {
        exchange.setProperty(RecordFailure.CRM_NAME, types.of(module).crmName(mapped));
        if (module == SyncModule.INVOICES) {
            privateCustomers.fill(mapped);
            creditNotes.keepCredit(dineroId, mapped);
        }
        SyncRun run = runs.run(runId);
        CrmIndex index = run.crmIndex(writer::index, writer::directIndex);
        WriteOutcome outcome = run.writing(module, dineroId, writer.sharedKeys(module, dineroId, mapped, index),
                () -> writer.write(module,
                dineroId, mapped, dineroFingerprint, exchange.getProperty(VERSION_PROPERTY, String.class),
                Boolean.TRUE.equals(bothChanged), pairedCrmId, index));
        // Written (or found equal): the state is seen. Not before, so a record that fails is looked at again.
        String state = exchange.getProperty(STATE_PROPERTY, String.class);
        if (state != null) {
            links.seenDineroState(module, dineroId, state);
        }
        runs.count(runId, FailureStore.Direction.DINERO_TO_CRM, module, outcome);
        return outcome;
    }

    /** A record failed: recorded with the reason (side {@code crm}: the CRM refused it); the run goes on. */
    public WriteOutcome failed(Exchange exchange, @Header("runId") long runId, @Header("module") SyncModule module,
                               @Header("dineroId") String dineroId) {
        RecordFailure failure = RecordFailure.caught(exchange, "dinero");
        String crmId = links.byDineroId(module, dineroId).map(Link::crmId).orElse(null);
        runs.fail(runId, FailureStore.Direction.DINERO_TO_CRM, module, failure.side(),
                RecordFailure.names(exchange, crmId, dineroId), failure.code(), failure.message());
        exchange.getMessage().setHeader("failureStatus", failure.httpStatus());
        return new WriteOutcome(WriteOutcome.Action.FAILED, crmId, failure.message());
    }
}
