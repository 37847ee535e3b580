package dk.simplydinero.dinero;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** Settings {@code dinero.*}: which organization, which credentials, and how fast we may call. */
@Validated
@ConfigurationProperties(prefix = "dinero")
public class DineroProperties {

    /** Firma ID: the numeric organization id. */
    @NotBlank
    @Pattern(regexp = "\\d{1,18}", message = "must be the numeric Firma ID (digits only)")
    private String organizationId;

    /** The organization's API key (Integrationer → Dine API-nøgler). */
    @NotBlank
    private String apiKey;

    /** Integration client id. */
    @NotBlank
    private String clientId;

    /** Integration client secret. */
    @NotBlank
    private String clientSecret;

    /** API base URL, without the version segment. */
    @NotBlank
    @Pattern(regexp = "https?://[^\\s/?#]+[^\\s]*", message = "must be an http:// or https:// URL")
    private String apiUrl = "https://api.dinero.dk";

    /** OAuth token endpoint (password grant with the API key). */
    @NotBlank
    @Pattern(regexp = "https?://[^\\s/?#]+[^\\s]*", message = "must be an http:// or https:// URL")
    private String authUrl = "https://authz.dinero.dk/dineroapi/oauth/token";

    /** Request budget per organization and window; Dinero allows 100 per minute. */
    @Min(1)
    @Max(100)
    private int requestsPerMinute = 90;

    /** Length of the rate window; one minute against the real API, shorter only against a simulator. */
    @NotNull
    private Duration rateWindow = Duration.ofMinutes(1);

    /** Dinero account number for product sales and invoice lines. */
    @Min(1)
    @Max(99999999)
    private int salesAccount = 1000;

    /** How long one HTTP call to Dinero may take before it counts as failed. */
    @NotNull
    private Duration timeout = Duration.ofSeconds(30);

    /**
     * How many records of one module a CRM → Dinero run writes at once (1: one after the other): while one record's
     * request is in flight the next is read, mapped and stored. Every request still takes its permit from the rate
     * limiter, so this never raises the rate above the budget; 2 already overlaps the CPU with the wait, and more
     * only bunches requests at the start of a window.
     */
    @Min(1)
    @Max(16)
    private int maxConcurrentRequests = 2;

    public String getOrganizationId() {
        return organizationId;
    }

    public void setOrganizationId(String organizationId) {
        this.organizationId = organizationId;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public String getApiUrl() {
        return apiUrl;
    }

    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    public String getAuthUrl() {
        return authUrl;
    }

    public void setAuthUrl(String authUrl) {
        this.authUrl = authUrl;
    }

    public int getRequestsPerMinute() {
        return requestsPerMinute;
    }

    public void setRequestsPerMinute(int requestsPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
    }

    public Duration getRateWindow() {
        return rateWindow;
    }

    public void setRateWindow(Duration rateWindow) {
        this.rateWindow = rateWindow;
    }

    public int getSalesAccount() {
        return salesAccount;
    }

    public void setSalesAccount(int salesAccount) {
        this.salesAccount = salesAccount;
    }

    public int getMaxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    public void setMaxConcurrentRequests(int maxConcurrentRequests) {
        this.maxConcurrentRequests = maxConcurrentRequests;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }
}
