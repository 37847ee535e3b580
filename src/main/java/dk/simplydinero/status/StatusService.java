package dk.simplydinero.status;

import dk.simplydinero.config.SettingValues;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.model.SideReason;
import dk.simplydinero.model.SideState;
import dk.simplydinero.model.SideStatus;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.RunStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * What {@code GET /api/status} answers: each side green or red with the reason and how old that is, the effective
 * settings with every secret masked, and the last run. A side's state is what its client last saw ({@link SideState}):
 * the sync's calls keep it fresh; when it is older than {@code status.check-interval}, one cheap call on the client's
 * session or token checks the side (at most one per interval, one caller at a time; a Dinero check that would have to
 * wait for the request budget is put off and the last state answered).
 */
@Service
public class StatusService {

    static final String MASK = "********";

    private final Watched crm;
    private final Watched dinero;
    private final Clock clock;
    private final Duration interval;
    private final SimplyCrmProperties crmSettings;
    private final DineroProperties dineroSettings;
    private final SyncProperties syncSettings;
    private final boolean sandbox;
    private final RunStore runs;

    public StatusService(@Qualifier("crmConnection") ConnectionCheck crm,
                         @Qualifier("dineroConnection") ConnectionCheck dinero,
                         @Qualifier("crmState") SideState crmState, @Qualifier("dineroState") SideState dineroState,
                         StatusProperties statusSettings, Clock clock,
                         SimplyCrmProperties crmSettings, DineroProperties dineroSettings,
                         SyncProperties syncSettings, @Value("${sandbox.enabled:false}") boolean sandbox,
                         RunStore runs) {
        this.clock = clock;
        this.interval = statusSettings.getCheckInterval();
        this.crm = new Watched("Simply CRM", crm, crmState);
        this.dinero = new Watched("Dinero", dinero, dineroState);
        this.crmSettings = crmSettings;
        this.dineroSettings = dineroSettings;
        this.syncSettings = syncSettings;
        this.sandbox = sandbox;
        this.runs = runs;
    }

    public Map<String, Object> status() {
        // Both sides at once: a check that is due on a slow side should not hold up the other.
        CompletableFuture<SideReport> crmReport = CompletableFuture.supplyAsync(this::crm);
        SideReport dineroReport = dinero();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("crm", crmReport.join());
        answer.put("dinero", dineroReport);
        answer.put("settings", settings());
        answer.put("lastRun", runs.lastRun().orElse(null));
        return answer;
    }

    public SideReport crm() {
        return crm.report();
    }

    public SideReport dinero() {
        return dinero.report();
    }

    /** One side: its state, and the check that refreshes it when due. */
    private final class Watched {
        private final String name;
        private final ConnectionCheck check;
        private final SideState state;
        private final ReentrantLock checking = new ReentrantLock();
        /** When a check last sent something, so that one whose outcome told the state nothing is not repeated at once. */
        private volatile Instant lastCheck;

        Watched(String name, ConnectionCheck check, SideState state) {
            this.name = name;
            this.check = check;
            this.state = state;
        }

        SideReport report() {
            if (due()) {
                boolean mine = checking.tryLock();
                if (!mine && state.current() == null) {
                    checking.lock(); // nothing known yet: wait for the check in flight
                    mine = true;
                }
                if (mine) {
                    try {
                        if (due()) {
                            runCheck();
                        }
                    } finally {
                        checking.unlock();
                    }
                }
            }
            SideState.Known known = state.current();
            return known != null ? SideReport.of(known, clock.instant()) : SideReport.neverChecked(
                    SideStatus.red(SideReason.SIDE_NOT_CHECKED, name));
        }

        private boolean due() {
            Instant last = lastCheck;
            return state.isOlderThan(interval) && (last == null || !clock.instant().isBefore(last.plus(interval)));
        }

        private void runCheck() {
            Instant started = clock.instant();
            try {
                if (check.check() != null) {
                    lastCheck = started;
                }
            } catch (RuntimeException e) {
                // A check must answer red, never throw; this is the net under a bug in one.
                lastCheck = started;
                state.failed(SideStatus.red(SideReason.SIDE_CHECK_FAILED, name, e.getClass().getSimpleName()));
            }
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
        s.put("sync.payment-history", SettingValues.of(syncSettings.getPaymentHistory()));
        s.put("sync.receipts", SettingValues.of(syncSettings.getReceipts()));
        s.put("simplycrm.receipt-field", crmSettings.getReceiptField());
        s.put("sync.credit-notes", SettingValues.of(syncSettings.getCreditNotes()));
        s.put("sync.public-url", syncSettings.getPublicUrl());
        s.put("sandbox.enabled", sandbox);
        return s;
    }

    static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "" : MASK;
    }
}
