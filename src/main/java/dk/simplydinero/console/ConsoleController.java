package dk.simplydinero.console;

import dk.simplydinero.api.Roles;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.mapping.ActiveMapping;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.status.StatusService;
import dk.simplydinero.store.FailureStore;
import dk.simplydinero.sync.SyncRuns;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console at {@code /}: Connection, Sync now, Runs, Failures and Mapping, rendered on the server from the services
 * the REST API answers with (reads) and through its routes (actions, {@link ConsoleActions}). Who may press what is
 * decided in the security configuration (operators only); the pages only disable the buttons and say why.
 */
@Controller
public class ConsoleController {

    private final StatusService status;
    private final SyncRuns runs;
    private final FailureStore failures;
    private final ActiveMapping mapping;
    private final ConsoleActions actions;
    private final SimplyCrmProperties crm;
    private final MessageSource messages;

    public ConsoleController(StatusService status, SyncRuns runs, FailureStore failures, ActiveMapping mapping,
                             ConsoleActions actions, SimplyCrmProperties crm, MessageSource messages) {
        this.messages = messages;
        this.status = status;
        this.runs = runs;
        this.failures = failures;
        this.mapping = mapping;
        this.actions = actions;
        this.crm = crm;
    }

    /** The login form of the browser (Spring Security takes its POST), in the console's languages. */
    @GetMapping("/login")
    public String login() {
        return "console/login";
    }

    @GetMapping("/")
    public String connection(Model model) {
        model.addAttribute("page", "connection");
        model.addAttribute("crm", status.crm());
        model.addAttribute("dinero", status.dinero());
        model.addAttribute("settings", status.settings());
        return "console/connection";
    }

    @GetMapping("/sync")
    public String sync(Model model, HttpServletRequest request) {
        model.addAttribute("page", "sync");
        progress(model);
        Optional<Map<String, Object>> going = going();
        boolean operator = request.isUserInRole(Roles.OPERATOR);
        model.addAttribute("canSync", operator && going.isEmpty());
        return "console/sync";
    }

    /** The progress block alone, fetched by the page's script every few seconds while a run goes. */
    @GetMapping("/sync/progress")
    public String progress(Model model) {
        List<Map<String, Object>> latest = runs.recent(1);
        model.addAttribute("run", latest.isEmpty() ? null : withTimeLeft(inModuleOrder(latest.get(0))));
        model.addAttribute("running", going().isPresent());
        return "console/sync :: progress";
    }

    @PostMapping("/sync")
    public String startSync(RedirectAttributes flash) {
        ConsoleActions.Answer answer = actions.startSync();
        if (!answer.ok()) {
            flash.addFlashAttribute("problem", answer.error());
        }
        return "redirect:/sync";
    }

    @GetMapping("/runs")
    public String runs(Model model) {
        model.addAttribute("page", "runs");
        model.addAttribute("runs", runs.recent(50).stream().map(ConsoleController::inModuleOrder).toList());
        return "console/runs";
    }

    @GetMapping("/runs/{id}")
    public String run(@PathVariable long id, Model model) {
        model.addAttribute("page", "runs");
        model.addAttribute("run", runs.describe(id).map(ConsoleController::inModuleOrder)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No run " + id)));
        model.addAttribute("failures", failures.open().stream().filter(f -> Long.valueOf(id).equals(runIdOf(f)))
                .map(this::withCrmLink).toList());
        return "console/run";
    }

    @GetMapping("/failures")
    public String failures(Model model) {
        model.addAttribute("page", "failures");
        model.addAttribute("failures", failures.open().stream().map(this::withCrmLink).toList());
        return "console/failures";
    }

    @PostMapping("/failures/{id}/retry")
    public String retry(@PathVariable long id, RedirectAttributes flash) {
        ConsoleActions.Answer answer = actions.retry(id);
        if (answer.ok()) {
            flash.addFlashAttribute("retried", answer.body());
        } else {
            flash.addFlashAttribute("problem", answer.error());
        }
        return "redirect:/failures";
    }

    @GetMapping("/mapping")
    public String mapping(Model model) {
        model.addAttribute("page", "mapping");
        model.addAttribute("mapping", mapping.describe());
        return "console/mapping";
    }

    @PostMapping("/mapping/reload")
    public String reloadMapping(RedirectAttributes flash) {
        ConsoleActions.Answer answer = actions.reloadMapping();
        flash.addFlashAttribute(answer.ok() ? "reloaded" : "problem", answer.ok() ? true : answer.error());
        return "redirect:/mapping";
    }

    /** The run going now, as the run table shows it (a run is stored as running from its start to its end). */
    private Optional<Map<String, Object>> going() {
        return runs.recent(1).stream().filter(r -> "running".equals(r.get("status"))).findFirst();
    }

    /** A run's module counts in the order the modules are synced (organizations first), as a reader expects. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> inModuleOrder(Map<String, Object> run) {
        if (run.get("modules") instanceof Map<?, ?> modules) {
            @SuppressWarnings("unchecked")
            Map<String, Object> byKey = (Map<String, Object>) modules;
            Map<String, Object> copy = new LinkedHashMap<>(run);
            copy.put("modules", ModuleOrder.of(byKey));
            return copy;
        }
        return run;
    }

    /** Each module's time left in words ({@link TimeLeft}), where the run has an estimate. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> withTimeLeft(Map<String, Object> run) {
        if (run.get("modules") instanceof Map<?, ?> modules) {
            Map<String, Object> withWords = new LinkedHashMap<>();
            modules.forEach((key, counts) -> {
                Map<String, Object> module = new LinkedHashMap<>((Map<String, Object>) counts);
                module.put("etaText", TimeLeft.words(messages, LocaleContextHolder.getLocale(), (Number) module.get("eta"),
                        module.get("limitedBy"), runs.budget(), runs.budgetWindow()));
                withWords.put((String) key, module);
            });
            run.put("modules", withWords);
        }
        return run;
    }

    private static Long runIdOf(Map<String, Object> failure) {
        Object runId = failure.get("runId");
        return runId instanceof Number n ? n.longValue() : null;
    }

    /** A failure with the link to its record in the CRM, where it has a CRM id. */
    private Map<String, Object> withCrmLink(Map<String, Object> failure) {
        Map<String, Object> row = new LinkedHashMap<>(failure);
        Object crmId = failure.get("crmId");
        String module = String.valueOf(failure.get("module"));
        if (crmId != null && crm.getUrl() != null) {
            SyncModule.byKey(module).ifPresent(m ->
                    row.put("crmLink", CrmLinks.detail(crm.getUrl(), m.crmModule(), crmId.toString())));
        }
        return row;
    }

}
