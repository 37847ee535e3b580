package dk.simplydinero.crm;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** Settings {@code simplycrm.*}: where the CRM is and how to log in to its webservice. */
@Validated
@ConfigurationProperties(prefix = "simplycrm")
public class SimplyCrmProperties {

    /** The address application.properties ships: no CRM; refused outside the sandbox. */
    public static final String PLACEHOLDER_URL = "https://example.simply-crm.dk";

    /** Base URL of the CRM; the client calls {@code {url}/webservice.php}. */
    @NotBlank
    @Pattern(regexp = "https?://[^\\s/?#]+[^\\s]*", message = "must be an http:// or https:// URL")
    private String url;

    /** Webservice user name. */
    @NotBlank
    private String username;

    /** The user's access key (My Preferences → Access Key), never the password. */
    @NotBlank
    private String accessKey;

    /** CRM custom field holding an organization's VAT number (e.g. {@code cf_853}); empty = none. */
    @Pattern(regexp = "|[A-Za-z_][A-Za-z0-9_]*", message = "must be a CRM field name such as cf_853, or empty")
    private String vatField = "";

    /** CRM product (webservice id such as {@code 14x7}) used for Dinero lines without a linked product; empty = create when needed. */
    @Pattern(regexp = "|\\d+x\\d+", message = "must be a webservice id such as 14x7, or empty")
    private String fallbackProduct = "";

    /**
     * CRM custom field of Invoice (a URL field, e.g. {@code cf_901}) that holds the receipt link with
     * {@code sync.receipts=field}; required then, unused otherwise.
     */
    @Pattern(regexp = "|[A-Za-z_][A-Za-z0-9_]*", message = "must be a CRM field name such as cf_901, or empty")
    private String receiptField = "";

    /**
     * Where the sync reads the CRM's changes: {@code sync} (vtiger's change feed for all users' records, which only
     * an admin may read), {@code query} (VTQL paged on modifiedtime and id: works for any user, sees the records
     * the user may see, never deletions) or {@code auto} (the change feed, and query when the CRM answers that only
     * admins may read it).
     */
    @NotNull
    private ChangeFeed changeFeed = ChangeFeed.AUTO;

    /** How long one HTTP call to the CRM may take before it counts as failed. */
    @NotNull
    private Duration timeout = Duration.ofSeconds(30);

    /**
     * How many records of one module a Dinero → CRM run writes at once, so at most this many CRM requests are in
     * flight (1: one record after the other). A few overlap one record's CPU with another's wait; more would only
     * load a shared CRM server.
     */
    @Min(1)
    @Max(16)
    private int maxConcurrentRequests = 2;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getAccessKey() {
        return accessKey;
    }

    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
    }

    public String getVatField() {
        return vatField;
    }

    public void setVatField(String vatField) {
        this.vatField = vatField;
    }

    public String getFallbackProduct() {
        return fallbackProduct;
    }

    public void setFallbackProduct(String fallbackProduct) {
        this.fallbackProduct = fallbackProduct;
    }

    public String getReceiptField() {
        return receiptField;
    }

    public void setReceiptField(String receiptField) {
        this.receiptField = receiptField;
    }

    public ChangeFeed getChangeFeed() {
        return changeFeed;
    }

    public void setChangeFeed(ChangeFeed changeFeed) {
        this.changeFeed = changeFeed;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public int getMaxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    public void setMaxConcurrentRequests(int maxConcurrentRequests) {
        this.maxConcurrentRequests = maxConcurrentRequests;
    }

    /** Values of {@code simplycrm.change-feed}. */
    public enum ChangeFeed {
        AUTO, SYNC, QUERY
    }
}
