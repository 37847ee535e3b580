package dk.simplydinero.config;

import dk.simplydinero.model.SyncModule;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.util.ArrayList;
import java.util.List;

/** Settings {@code sync.*}: what is synced, in which direction, and when. */
@Validated
@ConfigurationProperties(prefix = "sync")
public class SyncProperties {

    /** Direction of a sync run (the original module's "sync option"). */
    public enum Direction { CRM_TO_DINERO, DINERO_TO_CRM, BOTH }

    /** Which side wins when both changed the same record (direction {@code both}). */
    public enum Priority { CRM_FIRST, DINERO_FIRST }

    /** Manual: only on request. Automatic: also on {@code sync.cron}. */
    public enum Mode { MANUAL, AUTOMATIC }

    /** Default mapping, or the custom mapping file. */
    public enum Mapping { DEFAULT, CUSTOM }

    /** Which CRM record stands for an invoice's customer ("priority module"). */
    public enum InvoiceContact { ORGANIZATIONS, CONTACTS }

    /** Each Dinero payment of a linked invoice as a comment on the CRM invoice, or not at all. */
    public enum PaymentHistory { COMMENTS, OFF }

    /** How the CRM invoice links its receipt (the booked invoice's PDF): a Documents record, a URL field, or not. */
    public enum Receipts { DOCUMENT, FIELD, OFF }

    /**
     * A CRM invoice cancelled after its Dinero twin was booked gets a credit-note draft in Dinero, and a credit note
     * booked in Dinero makes its CRM invoice a Credit Invoice; or neither.
     */
    public enum CreditNotes { DRAFT, OFF }

    @NotNull
    private Mapping mapping = Mapping.DEFAULT;

    @NotBlank
    private String mappingFile = "mapping.yaml";

    @NotNull
    private Mode mode = Mode.MANUAL;

    @NotBlank
    @QuartzCron
    private String cron = "0 0 0/3 * * ?";

    @NotNull
    private Direction direction = Direction.CRM_TO_DINERO;

    @NotNull
    private Priority priority = Priority.CRM_FIRST;

    @NotNull
    private InvoiceContact invoiceContact = InvoiceContact.ORGANIZATIONS;

    @NotEmpty
    private List<SyncModule> modules = new ArrayList<>(List.of(SyncModule.values()));

    @NotNull
    private PaymentHistory paymentHistory = PaymentHistory.COMMENTS;

    @NotNull
    private Receipts receipts = Receipts.DOCUMENT;

    @NotNull
    private CreditNotes creditNotes = CreditNotes.DRAFT;

    /**
     * The service's address as the CRM user's browser reaches it; receipt links are {@code <public-url>/api/invoices/
     * {crmId}/pdf}. Empty: none (required outside the sandbox unless {@code sync.receipts=off}).
     */
    @Pattern(regexp = "|https?://[^\\s/?#]+[^\\s?#]*",
            message = "must be an absolute http:// or https:// URL without a query, e.g. https://sync.example.dk")
    private String publicUrl = "";

    public PaymentHistory getPaymentHistory() {
        return paymentHistory;
    }

    public void setPaymentHistory(PaymentHistory paymentHistory) {
        this.paymentHistory = paymentHistory;
    }

    public Receipts getReceipts() {
        return receipts;
    }

    public void setReceipts(Receipts receipts) {
        this.receipts = receipts;
    }

    public CreditNotes getCreditNotes() {
        return creditNotes;
    }

    public void setCreditNotes(CreditNotes creditNotes) {
        this.creditNotes = creditNotes;
    }

    public String getPublicUrl() {
        return publicUrl;
    }

    public void setPublicUrl(String publicUrl) {
        // a slash at the end would make links <url>//api/…
        this.publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
    }

    public Mapping getMapping() {
        return mapping;
    }

    public void setMapping(Mapping mapping) {
        this.mapping = mapping;
    }

    public String getMappingFile() {
        return mappingFile;
    }

    public void setMappingFile(String mappingFile) {
        this.mappingFile = mappingFile;
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public String getCron() {
        return cron;
    }

    public void setCron(String cron) {
        this.cron = cron;
    }

    public Direction getDirection() {
        return direction;
    }

    public void setDirection(Direction direction) {
        this.direction = direction;
    }

    public Priority getPriority() {
        return priority;
    }

    public void setPriority(Priority priority) {
        this.priority = priority;
    }

    public InvoiceContact getInvoiceContact() {
        return invoiceContact;
    }

    public void setInvoiceContact(InvoiceContact invoiceContact) {
        this.invoiceContact = invoiceContact;
    }

    public List<SyncModule> getModules() {
        return modules;
    }

    public void setModules(List<SyncModule> modules) {
        this.modules = modules;
    }
}
