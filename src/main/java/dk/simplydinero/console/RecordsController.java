package dk.simplydinero.console;

import dk.simplydinero.config.SettingValues;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.sync.DryRun;
import dk.simplydinero.sync.RecordSync;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's Records (a CRM record found by name, its link, Sync with Dinero) and the dry run's Preview, of a whole
 * run or of one record, with its Run it button. The buttons go through the REST API's routes ({@link ConsoleActions}):
 * the single-record sync and the dry run decide there, as for {@code POST /api/sync/…}.
 */
@Controller
public class RecordsController {

    private final RecordSearch search;
    private final ConsoleActions actions;
    private final RecordSync recordSync;
    private final DryRun dryRun;
    private final SyncProperties settings;

    public RecordsController(RecordSearch search, ConsoleActions actions, RecordSync recordSync, DryRun dryRun,
                             SyncProperties settings) {
        this.search = search;
        this.actions = actions;
        this.recordSync = recordSync;
        this.dryRun = dryRun;
        this.settings = settings;
    }

    @GetMapping("/records")
    public String records(@RequestParam(defaultValue = "organizations") String module,
                          @RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "0") int page,
                          Model model) {
        SyncModule type = module(module);
        model.addAttribute("page", "records");
        model.addAttribute("modules", Arrays.stream(SyncModule.values()).map(SyncModule::key).toList());
        model.addAttribute("module", type.key());
        model.addAttribute("q", q);
        model.addAttribute("pageNo", Math.max(0, page));
        model.addAttribute("results", search.search(type, q, Math.max(0, page)));
        // Why Sync with Dinero is disabled in this direction, as the API would answer it (409); null when allowed.
        model.addAttribute("directionRefused", recordSync.refusal().isPresent() ? direction() : null);
        return "console/records";
    }

    @PostMapping("/records/{module}/{crmId}/sync")
    public String syncRecord(@PathVariable String module, @PathVariable String crmId,
                             @RequestParam(defaultValue = "") String q, RedirectAttributes flash) {
        ConsoleActions.Answer answer = actions.syncRecord(module, crmId);
        if (answer.ok()) {
            flash.addFlashAttribute("synced", answer.body());
        } else if (answer.refused() && recordSync.refusal().isPresent()) {
            flash.addFlashAttribute("directionRefused", direction());
        } else {
            flash.addFlashAttribute("problem", answer.error());
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/records").queryParam("module", module)
                .queryParam("q", q).encode().build().toUriString();
    }

    @PostMapping("/records/{module}/{crmId}/preview")
    public String previewRecord(@PathVariable String module, @PathVariable String crmId, Model model) {
        model.addAttribute("target", Map.of("module", module, "crmId", crmId));
        return preview(actions.previewRecord(module, crmId), model);
    }

    @PostMapping("/sync/preview")
    public String previewRun(Model model) {
        return preview(actions.preview(), model);
    }

    /** The dry run's answer per module: its counts and its records (creates, updates, skips, failures). */
    @SuppressWarnings("unchecked")
    private String preview(ConsoleActions.Answer answer, Model model) {
        model.addAttribute("page", "sync");
        if (answer.ok()) {
            Map<String, Object> counts = answer.body().get("modules") instanceof Map<?, ?> m
                    ? (Map<String, Object>) m : Map.of();
            Map<String, Map<String, Object>> modules = new LinkedHashMap<>();
            ModuleOrder.of(counts).forEach((key, moduleCounts) -> modules.put(key, new LinkedHashMap<>(Map.of(
                    "counts", moduleCounts, "records", new ArrayList<Map<String, Object>>()))));
            for (Object record : (List<Object>) answer.body().getOrDefault("records", List.of())) {
                Map<String, Object> row = (Map<String, Object>) record;
                Map<String, Object> module = modules.get(String.valueOf(row.get("module")));
                if (module != null) {
                    ((List<Map<String, Object>>) module.get("records")).add(row);
                }
            }
            model.addAttribute("preview", modules);
            model.addAttribute("conflicts", answer.body().getOrDefault("conflicts", List.of()));
            model.addAttribute("notListed", answer.body().get("notListed"));
        } else if (answer.refused() && dryRun.refusal().isPresent()) {
            model.addAttribute("directionRefused", direction());
        } else {
            model.addAttribute("problem", answer.error());
        }
        return "console/preview";
    }

    private String direction() {
        return SettingValues.of(settings.getDirection());
    }

    private static SyncModule module(String key) {
        return SyncModule.byKey(key)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "No module " + key));
    }
}
