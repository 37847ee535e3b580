package dk.simplydinero.status;

import dk.simplydinero.config.SettingValues;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.sandbox.SandboxProperties;
import dk.simplydinero.store.RunStore;
import dk.simplydinero.sync.SyncModule;
import dk.simplydinero.sync.SyncProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * What {@code GET /api/status} answers: each side green or red (decided by a real login and one read),
 * the effective settings with every secret masked, and the last run.
 */
@Service
public class StatusService {

    static final String MASK = "********";

    private final ConnectionCheck crm;
    private final ConnectionCheck dinero;
    private final SimplyCrmProperties crmSettings;
    private final DineroProperties dineroSettings;
    private final SyncProperties syncSettings;
    private final SandboxProperties sandboxSettings;
    private final RunStore runs;

    public StatusService(@Qualifier("crmConnection") ConnectionCheck crm,
                         @Qualifier("dineroConnection") ConnectionCheck dinero,
                         SimplyCrmProperties crmSettings, DineroProperties dineroSettings,
                         SyncProperties syncSettings, SandboxProperties sandboxSettings, RunStore runs) {
        this.crm = crm;
        this.dinero = dinero;
        this.crmSettings = crmSettings;
        this.dineroSettings = dineroSettings;
        this.syncSettings = syncSettings;
        this.sandboxSettings = sandboxSettings;
        this.runs = runs;
    }

    public Map<String, Object> status() {
        // Both checks at once: a slow or unreachable side should not double the answer time.
        CompletableFuture<SideStatus> crmCheck = CompletableFuture.supplyAsync(() -> safely(crm, "Simply CRM"));
        SideStatus dineroStatus = safely(dinero, "Dinero");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("crm", crmCheck.join());
        answer.put("dinero", dineroStatus);
        answer.put("settings", settings());
        answer.put("lastRun", runs.lastRun().orElse(null));
        return answer;
    }

    public SideStatus crm() {
        return safely(crm, "Simply CRM");
    }

    public SideStatus dinero() {
        return safely(dinero, "Dinero");
    }

    /** A check must answer red, never throw; this is the net under a bug in one. */
    private static SideStatus safely(ConnectionCheck check, String side) {
        try {
            return check.check();
        } catch (RuntimeException e) {
            return SideStatus.red(side + " check failed: " + e.getClass().getSimpleName());
        }
    }

    /** Effective settings as keys and values of application.properties; secrets masked. */
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("simplycrm.url", crmSettings.getUrl());
        s.put("simplycrm.username", crmSettings.getUsername());
        s.put("simplycrm.access-key", mask(crmSettings.getAccessKey()));
        s.put("simplycrm.vat-field", crmSettings.getVatField());
        s.put("simplycrm.fallback-product", crmSettings.getFallbackProduct());
        s.put("dinero.organization-id", dineroSettings.getOrganizationId());
        s.put("dinero.api-key", mask(dineroSettings.getApiKey()));
        s.put("dinero.client-id", dineroSettings.getClientId());
        s.put("dinero.client-secret", mask(dineroSettings.getClientSecret()));
        s.put("dinero.api-url", dineroSettings.getApiUrl());
        s.put("dinero.auth-url", dineroSettings.getAuthUrl());
        s.put("dinero.requests-per-minute", dineroSettings.getRequestsPerMinute());
        s.put("dinero.sales-account", dineroSettings.getSalesAccount());
        s.put("sync.mapping", SettingValues.of(syncSettings.getMapping()));
        s.put("sync.mapping-file", syncSettings.getMappingFile());
        s.put("sync.mode", SettingValues.of(syncSettings.getMode()));
        s.put("sync.cron", syncSettings.getCron());
        s.put("sync.direction", SettingValues.of(syncSettings.getDirection()));
        s.put("sync.priority", SettingValues.of(syncSettings.getPriority()));
        s.put("sync.invoice-contact", SettingValues.of(syncSettings.getInvoiceContact()));
        s.put("sync.modules", syncSettings.getModules().stream().map(SyncModule::key).collect(Collectors.joining(",")));
        s.put("sandbox.enabled", sandboxSettings.isEnabled());
        return s;
    }

    static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "" : MASK;
    }
}
