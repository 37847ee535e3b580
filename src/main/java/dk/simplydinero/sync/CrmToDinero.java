package dk.simplydinero.sync;

import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.invoices.InvoiceMapping;
import dk.simplydinero.mapping.MappingException;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.mapping.UnlinkedDependencyException;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.FailureStore;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.util.Map;

/** The steps of the routes {@code <module>-crm-record-to-dinero} that are more than a line of YAML. */
@Component
public class CrmToDinero {

    private final SimplyCrmClient crm;
    private final DineroWriter writer;
    private final SyncRuns runs;
    private final InvoiceMapping invoiceMapping;
    private final ProducerTemplate producer;
    private final RecordTypes types;

    private final dk.simplydinero.store.LinkStore links;

    public CrmToDinero(SimplyCrmClient crm, DineroWriter writer, SyncRuns runs, InvoiceMapping invoiceMapping,
                       @Lazy ProducerTemplate producer, RecordTypes types, dk.simplydinero.store.LinkStore links) {
        this.links = links;
        this.types = types;
        this.crm = crm;
        this.writer = writer;
        this.runs = runs;
        this.invoiceMapping = invoiceMapping;
        this.producer = producer;
    }

    /**
     * Invoices need their line items, which only {@code retrieve} gives. The record's CRM name is kept for a failure;
     * a Dinero name is not known until it is mapped ({@link #write}).
     */
    public Map<String, Object> complete(Exchange exchange, @Header("module") SyncModule module,
                                        @Body Map<String, Object> record) {
        Map<String, Object> whole = whole(module, record);
        exchange.setProperty(RecordFailure.CRM_NAME, types.of(module).crmName(whole));
        exchange.removeProperty(RecordFailure.DINERO_NAME);
        return whole;
    }

    /** The record whole: an invoice from a feed is read again with its lines (the run's step and the dry run's). */
    Map<String, Object> whole(SyncModule module, Map<String, Object> record) {
        return module == SyncModule.INVOICES && !(record.get("LineItems") instanceof java.util.List)
                ? crm.retrieve(String.valueOf(record.get("id"))) : record;
    }

    /**
     * An invoice whose customer or products are not linked yet (not in this run's modules, failed earlier, or a
     * single-record sync) gets them synced first, through their module's per-record route.
     */
    public void linkDependencies(Exchange exchange) {
        if (exchange.getIn().getHeader("module", SyncModule.class) != SyncModule.INVOICES) {
            return;
        }
        try {
            invoiceMapping.map(exchange.getIn().getMandatoryBody(Map.class));
        } catch (UnlinkedDependencyException missing) {
            for (UnlinkedDependencyException.Dependency dependency : missing.getMissing()) {
                producer.sendBodyAndHeaders(RecordRoute.of(dependency.module(), FailureStore.Direction.CRM_TO_DINERO),
                        crm.retrieve(dependency.crmId()),
                        Map.of("module", dependency.module(), "runId", exchange.getIn().getHeader("runId"),
                                "crmId", dependency.crmId()));
            }
        } catch (MappingException | org.apache.camel.InvalidPayloadException e) {
            // The mapping step reports it with the reason.
        }
    }

    public WriteOutcome write(Exchange exchange, @Header("runId") long runId, @Header("module") SyncModule module,
                              @Header("crmId") String crmId, @Header("crmFingerprint") String crmFingerprint,
                              @Header("crmModifiedTime") String crmModifiedTime,
                              @Header("bothChanged") Boolean bothChanged, @Body Map<String, Object> mapped) {
        exchange.setProperty(RecordFailure.DINERO_NAME, types.of(module).dineroName(mapped));
        SyncRun run = runs.run(runId);
        java.util.Set<String> keys = new java.util.HashSet<>(); // with a VAT number synced or not: both are looked up
        java.util.stream.Stream.of(true, false).map(vat -> types.of(module).naturalKey(mapped, vat))
                .filter(java.util.Objects::nonNull).forEach(keys::add);
        // And the Dinero record first contact finds, as two records may find one by different keys (only the first
        // may take it). Only for a record not linked yet (a linked one makes no first contact, and its run need not
        // list Dinero), and only from the run's index: a single-record run writes one record and would ask twice.
        if (run.lookup() instanceof DineroIndex index && links.byCrmId(module, crmId).isEmpty()) {
            index.find(module, crmId, mapped).ifPresent(guid -> keys.add(CrmIndex.FOUND + guid));
        }
        WriteOutcome outcome = run.writing(module, crmId, keys, () -> writer.write(module, crmId, mapped,
                crmFingerprint, crmModifiedTime, run.lookup(), Boolean.TRUE.equals(bothChanged)));
        runs.count(runId, module, outcome);
        return outcome;
    }

    /** A record failed: recorded with the other side's reason; the run goes on. */
    public WriteOutcome failed(Exchange exchange, @Header("runId") long runId, @Header("module") SyncModule module,
                               @Header("crmId") String crmId) {
        RecordFailure failure = RecordFailure.caught(exchange, "crm");
        runs.fail(runId, FailureStore.Direction.CRM_TO_DINERO, module, failure.side(),
                RecordFailure.names(exchange, crmId, null), failure.code(), failure.message());
        exchange.getMessage().setHeader("failureStatus", failure.httpStatus());
        return new WriteOutcome(WriteOutcome.Action.FAILED, null, failure.message());
    }

    /** The module could not be read (e.g. the CRM unreachable): the run ends failed, the cursor stays. */
    public void moduleFailed(Exchange exchange, @Header("runId") long runId, @Header("module") SyncModule module) {
        RecordFailure failure = RecordFailure.caught(exchange, "crm");
        runs.moduleFailed(runId, module, failure.message(), failure.stopsTheRun());
    }
}
