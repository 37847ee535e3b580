package dk.simplydinero.sync;

import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.DineroException;
import dk.simplydinero.http.SideUnavailableException;
import dk.simplydinero.invoices.DineroInvoiceState;
import dk.simplydinero.model.ApiProblem;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import dk.simplydinero.store.ReceiptStore;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;

/**
 * The receipt of a linked invoice ({@code GET /api/invoices/{crmId}/pdf}): the PDF of its booked Dinero invoice,
 * fetched from Dinero once and then always answered from the store. A booked invoice cannot change in Dinero (it can
 * only be credited, which makes another document), so a kept PDF never goes stale and is never fetched again.
 * Dinero makes a PDF only of a booked invoice: a draft is refused here (409) before Dinero is asked for a PDF. The
 * state the sync last saw is trusted when it says booked (nothing makes a booked invoice a draft again); otherwise one
 * read of the invoice tells. The bytes are never logged.
 */
@Component
public class Receipts {

    /** The PDF and the file name it is offered under ({@code faktura-<Dinero number or CRM id>.pdf}). */
    public record Receipt(byte[] pdf, String filename) {
        /** The {@code Content-Disposition} of the answer: shown in the browser, saved under the file name. */
        public String disposition() {
            return "inline; filename=\"" + filename + "\"";
        }
    }

    private final LinkStore links;
    private final ReceiptStore receipts;
    private final DineroClient dinero;

    public Receipts(LinkStore links, ReceiptStore receipts, DineroClient dinero) {
        this.links = links;
        this.receipts = receipts;
        this.dinero = dinero;
    }

    /**
     * @param crmId a CRM webservice id (its form is checked against the contract before this runs)
     * @throws ApiProblem 404 no linked invoice (or its Dinero invoice deleted), 409 a draft or Dinero refusing the
     *                    PDF, 502 Dinero not answering (or answering something that is not a PDF, or refusing the
     *                    service's key)
     */
    public Receipt of(String crmId) {
        Link link = links.byCrmId(SyncModule.INVOICES, crmId).orElseThrow(() -> new ApiProblem(404,
                "No linked invoice " + crmId + ": the sync has not linked this CRM invoice to a Dinero invoice"));
        String dineroId = link.dineroId();
        Optional<ReceiptStore.Stored> kept = receipts.find(SyncModule.INVOICES, crmId)
                .filter(stored -> stored.dineroId().equals(dineroId));
        if (kept.isPresent()) {
            return new Receipt(kept.get().pdf(), filename(kept.get().number(), crmId));
        }
        String number = null;
        if (!bookedAsLastSeen(dineroId)) {
            Map<String, Object> invoice = fromDinero(crmId, dineroId, () -> dinero.getInvoice(dineroId));
            if (DineroInvoiceState.of(InvoicePayments.stateOf(invoice)).orElse(null) == DineroInvoiceState.DRAFT) {
                throw new ApiProblem(409, "Invoice " + crmId + " is a draft in Dinero: Dinero makes a PDF only of a"
                        + " booked invoice");
            }
            Object n = invoice.get("Number");
            number = n == null ? null : n.toString();
        }
        byte[] pdf = fromDinero(crmId, dineroId, () -> dinero.invoicePdf(dineroId));
        receipts.save(SyncModule.INVOICES, crmId, dineroId, number, pdf);
        return new Receipt(pdf, filename(number, crmId));
    }

    /** The sync last saw it booked (or paid, overdue …): it stays so. A draft may have been booked since: not trusted. */
    private boolean bookedAsLastSeen(String dineroId) {
        return links.dineroState(SyncModule.INVOICES, dineroId).flatMap(DineroInvoiceState::of)
                .filter(state -> state != DineroInvoiceState.DRAFT).isPresent();
    }

    private static <T> T fromDinero(String crmId, String dineroId, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SideUnavailableException e) {
            throw new ApiProblem(502, "Dinero is not answering, so the PDF of invoice " + crmId + " cannot be fetched"
                    + " now: " + e.getMessage());
        } catch (DineroException e) {
            // Which status: the invoice's (deleted, refused) or the service's (Dinero busy or down, its key refused)
            throw switch (e.isTransient() ? DineroException.Kind.TRANSPORT : e.kind()) {
                case NOT_FOUND -> new ApiProblem(404, "The Dinero invoice of invoice " + crmId + " no longer exists in"
                        + " Dinero (Dinero invoice " + dineroId + ")");
                case VALIDATION, STALE_TIMESTAMP, OTHER -> new ApiProblem(409, "Dinero refused the PDF of invoice "
                        + crmId + " (Dinero invoice " + dineroId + "): " + e.getMessage());
                case AUTH, FORBIDDEN -> new ApiProblem(502, "Dinero refused the service's access, so the PDF of invoice "
                        + crmId + " cannot be fetched (check dinero.api-key and the organization's plan): "
                        + e.getMessage());
                case TRANSPORT -> new ApiProblem(502, "Dinero did not answer with the PDF of invoice " + crmId + ": "
                        + e.getMessage());
            };
        }
    }

    private static String filename(String number, String crmId) {
        return "faktura-" + (number == null || number.isBlank() ? crmId : number) + ".pdf";
    }
}
