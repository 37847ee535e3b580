package dk.simplydinero.console;

import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.mapping.RecordType;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.model.ApiProblem;
import dk.simplydinero.sync.InvoiceMoney;
import dk.simplydinero.sync.Receipts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The console's Money: the invoices the sync keeps with their Dinero state, totals, amounts outstanding and payments
 * ({@link InvoiceMoney} reads them), each with its CRM invoice (its subject from one CRM query per page), and
 * amounts written as the reader's language writes them (Danish {@code 1.250,00 kr.}, English {@code DKK 1,250.00}).
 */
@Controller
public class MoneyController {

    private static final Logger log = LoggerFactory.getLogger(MoneyController.class);

    private final InvoiceMoney money;
    private final SimplyCrmClient crm;
    private final SimplyCrmProperties crmSettings;
    private final RecordTypes types;

    private final Receipts receipts;

    public MoneyController(InvoiceMoney money, SimplyCrmClient crm, SimplyCrmProperties crmSettings, RecordTypes types,
                           Receipts receipts) {
        this.receipts = receipts;
        this.money = money;
        this.crm = crm;
        this.crmSettings = crmSettings;
        this.types = types;
    }

    /**
     * A linked invoice's receipt for the console's user: the PDF {@code GET /api/invoices/{crmId}/pdf} answers, behind
     * the console's own login (the API takes HTTP Basic only, which a browser would ask for in a dialog of its own).
     * What stops it (a draft, no link, Dinero not answering) is said in plain text with the same status.
     */
    @GetMapping("/money/receipts/{crmId}")
    public ResponseEntity<?> receipt(@PathVariable String crmId) {
        if (!crmId.matches("\\d+x\\d+")) {
            return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN)
                    .body("Not a CRM id (such as 7x12): " + crmId);
        }
        try {
            Receipts.Receipt receipt = receipts.of(crmId);
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                    .header(HttpHeaders.CONTENT_DISPOSITION, receipt.disposition()).body(receipt.pdf());
        } catch (ApiProblem problem) {
            return ResponseEntity.status(problem.status()).contentType(MediaType.TEXT_PLAIN).body(problem.getMessage());
        }
    }

    @GetMapping("/money")
    public String money(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "false") boolean refresh,
                        Model model, Locale locale) {
        model.addAttribute("page", "money");
        InvoiceMoney.Overview overview;
        try {
            overview = money.page(Math.max(0, page), refresh);
        } catch (RuntimeException e) {
            // The page says why (the Dinero client's message names the call; secrets are masked on the pages).
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("overview", null);
            return "console/money";
        }
        Map<String, String> names = crmNames(overview.invoices());
        model.addAttribute("overview", overview);
        model.addAttribute("crmNamesMissing", names == null);
        model.addAttribute("invoices", overview.invoices().stream().map(i -> row(i, names, locale)).toList());
        model.addAttribute("totals", overview.totals().stream().map(t -> Map.of(
                "currency", t.currency() == null ? "" : t.currency(),
                "outstanding", amount(t.outstanding(), t.currency(), locale),
                "overdueCount", t.overdueCount(),
                "overdue", amount(t.overdue(), t.currency(), locale))).toList());
        return "console/money";
    }

    private Map<String, Object> row(InvoiceMoney.Invoice invoice, Map<String, String> names, Locale locale) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("crmId", invoice.crmId());
        row.put("crmLink", crmSettings.getUrl() == null ? null
                : CrmLinks.detail(crmSettings.getUrl(), SyncModule.INVOICES.crmModule(), invoice.crmId()));
        row.put("crmName", names == null ? null : names.get(invoice.crmId()));
        row.put("dineroId", invoice.dineroId());
        row.put("number", invoice.number());
        row.put("customer", invoice.customer());
        row.put("date", invoice.date());
        row.put("dueDate", invoice.dueDate());
        row.put("total", amount(invoice.total(), invoice.currency(), locale));
        row.put("state", invoice.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        row.put("partlyPaid", invoice.partlyPaid());
        // Dinero makes a PDF only of a booked invoice (also when paid or overdue since).
        row.put("receipt", invoice.state() != InvoiceMoney.State.DRAFT && invoice.state() != InvoiceMoney.State.UNKNOWN);
        row.put("outstanding", amount(invoice.outstanding(), invoice.currency(), locale));
        row.put("payments", invoice.payments().stream().map(p -> Map.of(
                "date", p.date() == null ? "" : p.date(),
                "description", p.description() == null ? "" : p.description(),
                "amount", amount(p.amount(), invoice.currency(), locale))).toList());
        return row;
    }

    /**
     * The CRM invoices' names (their subjects, as {@link RecordType#crmName} reads them) by id, from one query for the
     * page ({@code id IN (…)}); an invoice without one shows by its id. Null when the CRM did not answer: the page still
     * shows Dinero's side, which is what it is about.
     */
    private Map<String, String> crmNames(List<InvoiceMoney.Invoice> invoices) {
        if (invoices.isEmpty()) {
            return Map.of();
        }
        RecordType type = types.of(SyncModule.INVOICES);
        String ids = invoices.stream().map(i -> SimplyCrmClient.literal(i.crmId())).collect(Collectors.joining(", "));
        try {
            Map<String, String> names = new HashMap<>();
            for (Map<String, Object> record : crm.page(SyncModule.INVOICES.crmModule(), "id IN (" + ids + ")", 0,
                    InvoiceMoney.PAGE)) {
                String name = type.crmName(record);
                if (name != null) {
                    names.put(String.valueOf(record.get("id")), name);
                }
            }
            return names;
        } catch (RuntimeException e) {
            log.warn("Money: the CRM invoices' subjects could not be read: {}", e.getMessage());
            return null;
        }
    }

    /** {@code 1.250,00 kr.} in Danish, {@code DKK 1,250.00} in English ({@link InvoiceMoney#amount}). */
    static String amount(BigDecimal amount, String currency, Locale locale) {
        return InvoiceMoney.amount(amount, currency, locale);
    }
}
