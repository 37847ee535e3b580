package dk.simplydinero.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import dk.simplydinero.sync.ServiceProcess;
import dk.simplydinero.sync.SimulatedSides;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The benchmark of issue 13 ({@code ./mvnw -Pbench verify}, README "Benchmarks"): both simulators on loopback in
 * this JVM, the service in a child JVM at {@code -Xmx256m} per scenario (a fresh database and fresh simulators each),
 * driven over its REST API; each figure printed as a ratio next to its goal and written to {@code BENCHMARKS.md}.
 *
 * <p>System properties: {@code bench.records} (the memory figure's size, default 100000 as the goal says),
 * {@code bench.scale} (multiplies every size, default 1; e.g. 0.01 for a quick look), {@code bench.figures} (which
 * of economy, rate, overhead, memory; default all), {@code bench.output} (default BENCHMARKS.md),
 * {@code bench.profile} (true, or a JFR settings file: each service JVM records a JFR profile to
 * {@code target/bench/<scenario>.jfr}; docs/bench-profile.md says how to read it).
 */
public final class Benchmark {

    static final List<String> DIRECTIONS = List.of("crm-to-dinero", "dinero-to-crm", "both");
    static final List<String> FIGURES = List.of("economy", "rate", "overhead", "memory");

    /** Sizes at scale 1. */
    static final int ECONOMY_RECORDS = 400;
    static final int RATE_RECORDS = 900;
    static final int OVERHEAD_RECORDS = 300;

    /** The rate figure: Dinero's 100 per window against the service's budget of 90, the window shrunk to 2 s. */
    static final int RATE_LIMIT = 100;
    static final int RATE_BUDGET = 90;
    static final Duration RATE_WINDOW = Duration.ofSeconds(2);

    /**
     * Dinero's budget out of the way (overhead, memory): the simulator's limit off, and the service's budget at its
     * maximum of 100 per window with the window at 1 ms (the setting takes any positive duration), i.e. 100,000
     * requests a second, far above what a loopback simulator answers.
     */
    static final Map<String, String> NO_BUDGET = Map.of("dinero.requests-per-minute", "100", "dinero.rate-window", "1ms");
    static final String HEAP = "-Xmx256m";
    /**
     * How often a run is polled. Each poll is an HTTP Basic login on the same 2 cores as the run (a plain check since
     * the configured password is no longer re-encoded with BCrypt, docs/bench-profile.md); a run's time is the
     * service's own (startedAt to endedAt), so the poll interval does not change any figure.
     */
    static final Duration POLL = Duration.ofMillis(200);
    static final long HEAP_BYTES = 256L << 20;

    /** Fields the server gives a record (ids, numbers, times) that a create does not send. */
    private static final Set<String> DINERO_SERVER_FIELDS = Set.of("ContactGuid", "Guid", "CreatedAt", "UpdatedAt",
            "DeletedAt", "IsDebitor", "IsCreditor");
    private static final Set<String> CRM_SERVER_FIELDS = Set.of("id", "contact_no", "createdtime", "modifiedtime",
            "modifiedby", "created_user_id");

    private final double scale;
    private final int records;
    private final Set<String> figures;
    private final Path output;
    private final Path work = Path.of("target", "bench");
    /**
     * JFR settings each service JVM records with, to find where a figure's time goes: {@code bench.profile=true} is
     * the JDK's "profile"; a path to a .jfc (e.g. one with zero thresholds on socket reads and parks, to see every
     * wait) is taken as it is; unset or false: no recording.
     */
    private final String profile = switch (System.getProperty("bench.profile", "false")) {
        case "", "false" -> null;
        case "true" -> "profile";
        default -> Path.of(System.getProperty("bench.profile")).toAbsolutePath().toString();
    };
    /** Hand-written profile findings (issue 13), copied into BENCHMARKS.md so a rerun keeps them. */
    static final Path PROFILE_FINDINGS = Path.of("docs", "bench-profile.md");
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** One figure: what was measured, its goal, the ratio, and whether the goal is met (null: no goal). */
    record Row(String figure, String size, String measured, String goal, String ratio, Boolean met) {
    }

    /** A finished run as {@code GET /api/runs/{id}} shows it. */
    record Run(long id, String status, Duration took, int created, int updated, int failed, String message) {
        static Run of(JsonNode run) {
            int created = 0;
            int updated = 0;
            int failed = 0;
            for (JsonNode counts : run.path("modules")) {
                created += counts.path("created").asInt();
                updated += counts.path("updated").asInt();
                failed += counts.path("failed").asInt();
            }
            Duration took = Duration.between(Instant.parse(run.get("startedAt").asText()),
                    Instant.parse(run.get("endedAt").asText()));
            return new Run(run.get("id").asLong(), run.get("status").asText(), took, created, updated, failed,
                    run.path("message").asText(""));
        }

        String summary() {
            return "run " + id + " " + status + ", " + created + " created, " + updated + " updated, " + failed + " failed, "
                    + seconds(took) + " s" + (message.isEmpty() ? "" : " (" + message + ")");
        }
    }

    Benchmark(double scale, int records, Set<String> figures, Path output) {
        this.scale = scale;
        this.records = records;
        this.figures = figures;
        this.output = output;
    }

    public static void main(String[] args) throws Exception {
        Set<String> figures = new LinkedHashSet<>(List.of(System.getProperty("bench.figures", String.join(",", FIGURES))
                .split(",")));
        if (!FIGURES.containsAll(figures)) {
            throw new IllegalArgumentException("bench.figures takes " + FIGURES + ", got " + figures);
        }
        Benchmark bench = new Benchmark(Double.parseDouble(System.getProperty("bench.scale", "1")),
                Integer.parseInt(System.getProperty("bench.records", "100000")), figures,
                Path.of(System.getProperty("bench.output", "BENCHMARKS.md")));
        int status = 0;
        try {
            bench.run();
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        // the simulators' server threads would keep this JVM alive
        System.exit(status);
    }

    void run() throws Exception {
        Files.createDirectories(work);
        Instant started = Instant.now();
        System.out.printf("Benchmark, scale %s, memory records %d, figures %s%n", scale, records, figures);
        if (figures.contains("economy")) {
            for (String direction : DIRECTIONS) {
                economy(direction);
            }
        }
        if (figures.contains("rate")) {
            rate();
        }
        if (figures.contains("overhead")) {
            for (Duration answer : OVERHEAD_ANSWERS) {
                overhead("crm-to-dinero", answer);
                overhead("dinero-to-crm", answer);
            }
        }
        if (figures.contains("memory")) {
            memory("crm-to-dinero");
            memory("dinero-to-crm");
        }
        Duration took = Duration.between(started, Instant.now());
        Files.writeString(output, markdown(started, took), StandardCharsets.UTF_8);
        System.out.printf("%nDone in %d s; written to %s%n", took.toSeconds(), output.toAbsolutePath());
    }

    int scaled(int size) {
        return Math.max(4, (int) Math.round(size * scale));
    }

    // ------------------------------------------------------------------------------------------- request economy

    /** An initial run, a few edits and an incremental run, then a quiet run, in one service. */
    void economy(String direction) throws Exception {
        int size = scaled(ECONOMY_RECORDS);
        boolean crmSource = !direction.equals("dinero-to-crm");
        boolean dineroSource = !direction.equals("crm-to-dinero");
        Counts each = Counts.ofTotal(direction.equals("both") ? size / 2 : size);
        Counts crmHolds = crmSource ? each : Counts.NONE;
        Counts dineroHolds = dineroSource ? each : Counts.NONE;
        SimulatedSides sides = new SimulatedSides();
        try {
            BenchData.Seeded crm = crmSource ? BenchData.seedCrm(sides.crm, crmHolds, 0) : BenchData.Seeded.none();
            // in direction both, other names and addresses than the CRM's: a match would link instead of create
            BenchData.Seeded dinero = dineroSource ? BenchData.seedDinero(sides.dinero, dineroHolds,
                    crmSource ? 1_000_000 : 0) : BenchData.Seeded.none();
            clearLogs(sides);
            String label = "request economy " + direction;
            String sizeText = crmHolds.total() + dineroHolds.total() + " records";
            try (ServiceProcess service = start(sides, "economy-" + direction, Map.of("sync.direction", direction))) {
                // the service's start (settings check, first login) counts to its first run
                Run initial = runSync(service, Duration.ofMinutes(30));
                note(label + ", initial: " + initial.summary());
                economyRow(label + ", initial", sizeText, sides, RequestMinimum.initial(direction, crmHolds, dineroHolds),
                        1.05);

                // The CRM keeps modified times in whole seconds: edits in the run's last second could pass unseen.
                Thread.sleep(1100);
                Counts crmEdits = crmSource ? BenchData.editCrm(sides.crm, crm) : Counts.NONE;
                Counts dineroEdits = dineroSource ? BenchData.editDinero(sides.dinero, dinero) : Counts.NONE;
                clearLogs(sides);
                Run incremental = runSync(service, Duration.ofMinutes(10));
                note(label + ", incremental: " + incremental.summary());
                economyRow(label + ", incremental", crmEdits.total() + dineroEdits.total() + " edits", sides,
                        RequestMinimum.later(direction, crmEdits, dineroEdits), null);

                clearLogs(sides);
                Run quiet = runSync(service, Duration.ofMinutes(10));
                note(label + ", quiet: " + quiet.summary());
                economyRow(label + ", quiet", "0 edits", sides, RequestMinimum.later(direction, Counts.NONE, Counts.NONE),
                        null);
                dumpProfile(service, "economy-" + direction);
                long crmLists = sides.crm.requestLog().count(e -> e.operation().equals("query")
                        || e.operation().equals("sync"));
                long dineroLists = sides.dinero.requestLog().count(SimulatedSides.LIST);
                // Per sync module, as the goal says: organizations and contacts are two modules that each read their
                // own feed of Dinero's contacts (the minimum of an initial sync still counts one contacts list).
                // Where Dinero is read, its credit notes are a module of their own (creditnotes, issue 14.3).
                int dineroModules = "crm-to-dinero".equals(direction) ? RequestMinimum.CRM_MODULES
                        : RequestMinimum.DINERO_MODULES;
                double perModule = Math.max(crmLists / (double) RequestMinimum.CRM_MODULES,
                        dineroLists / (double) dineroModules);
                add(new Row(label + ", quiet: lists per module and side", "0 edits",
                        "CRM " + crmLists + " for " + RequestMinimum.CRM_MODULES + " modules, Dinero " + dineroLists
                                + " for " + dineroModules + " modules",
                        "≤ 1 per module per side", ratio(perModule), perModule <= 1.0));
            }
        } finally {
            sides.close();
        }
    }

    private void economyRow(String figure, String size, SimulatedSides sides, RequestMinimum.Minimum minimum,
                            Double goal) {
        long crm = sides.crm.requestLog().count();
        long dinero = sides.dinero.requestLog().count();
        note("  " + figure + " by operation: CRM " + byOperation(sides.crm.requestLog()) + "; Dinero "
                + byOperation(sides.dinero.requestLog()));
        double ratio = (crm + dinero) / (double) minimum.total();
        add(new Row(figure, size, (crm + dinero) + " requests (CRM " + crm + ", Dinero " + dinero + "); minimum "
                + minimum.total() + " (CRM " + minimum.crm() + ", Dinero " + minimum.dinero() + ")",
                goal == null ? "— (no goal; shown)" : "≤ " + goal + " × minimum", ratio(ratio),
                goal == null ? null : ratio <= goal));
    }

    // ------------------------------------------------------------------------------------------- rate adherence

    /** CRM contacts to Dinero, each a create: the run spends Dinero's budget on writes. */
    void rate() throws Exception {
        int n = scaled(RATE_RECORDS);
        SimulatedSides sides = new SimulatedSides();
        try {
            sides.dinero.rateLimit(RATE_LIMIT, RATE_WINDOW);
            BenchData.seedCrm(sides.crm, new Counts(0, n, 0, 0), 0);
            Map<String, String> settings = Map.of("sync.direction", "crm-to-dinero",
                    "dinero.requests-per-minute", String.valueOf(RATE_BUDGET),
                    "dinero.rate-window", RATE_WINDOW.toSeconds() + "s");
            try (ServiceProcess service = start(sides, "rate", settings)) {
                clearLogs(sides);
                Run run = runSync(service, Duration.ofMinutes(60));
                note("rate adherence: " + run.summary());
                dumpProfile(service, "rate");
                // the token endpoint is Dinero's auth server, outside the API's rate limit
                List<Instant> times = sides.dinero.requestLog().entries().stream()
                        .filter(Predicate.not(SimulatedSides.TOKEN)).map(RequestLog.Entry::at).toList();
                int max = WindowStats.maxInAnyWindow(times, RATE_WINDOW);
                double mean = WindowStats.meanPerWindow(times, RATE_WINDOW);
                long refused = sides.dinero.requestLog().count(SimulatedSides.RATE_LIMITED);
                long failedBy429 = failuresMentioning(service.api(), "429");
                String size = n + " contacts, limit " + RATE_LIMIT + " / budget " + RATE_BUDGET + " per "
                        + RATE_WINDOW.toSeconds() + " s window";
                add(new Row("rate: most requests in any window / budget", size, max + " in a window",
                        "≤ 1.00", ratio(max / (double) RATE_BUDGET), max <= RATE_BUDGET));
                add(new Row("rate: mean rate / budget", size,
                        String.format(Locale.ROOT, "%.1f per window over %d requests", mean, times.size()),
                        "≥ 0.95", ratio(mean / RATE_BUDGET), mean / RATE_BUDGET >= 0.95));
                add(new Row("rate: records failed by a 429", size, failedBy429 + " (" + refused + " requests answered 429)",
                        "0", String.valueOf(failedBy429), failedBy429 == 0));
            }
        } finally {
            sides.close();
        }
    }

    private static long failuresMentioning(ApiClient api, String text) {
        ApiClient.Answer answer = api.get("/api/failures");
        long count = 0;
        for (JsonNode failure : answer.json()) {
            if ((failure.path("code").asText() + " " + failure.path("message").asText()).contains(text)) {
                count++;
            }
        }
        return count;
    }

    // ------------------------------------------------------------------------------------------- pipeline overhead

    /**
     * Contacts one way with Dinero's budget out of the way, in the steady state a big import sees: an untimed warm-up
     * run of other contacts first (a fresh JVM's first run spends more CPU compiling than syncing: docs/bench-profile.md,
     * cause 1), then {@value #TIMED_RUNS} timed runs of fresh batches in the same service. The divisor is a bare client
     * making the same calls against the same simulators ("a bare HTTP client making the same calls"): the reads of the
     * timed run just made (each GET, sent again as it was: list pages, the CRM's {@code sync} pages and queries), then
     * as many creates (the bodies the warm-up's creates left on the target, less
     * the fields the server gives, under fresh names each pass), timed per record as the sync is: one untimed pass, then {@value #BARE_PASSES}
     * timed ones, one after each timed run and the rest right after. Medians on both sides; min–max shown, as one pass
     * on this shared machine varies by a factor of 2–4.
     *
     * @param answer how long each simulator takes to answer every request (the sync's and the bare client's alike):
     *               zero, as fast as it can on this machine (a few tenths of a millisecond), or the "about 1 ms" of the
     *               loopback simulators the issue measured with (a real API answers in tens of milliseconds)
     */
    void overhead(String direction, Duration answer) throws Exception {
        int n = scaled(OVERHEAD_RECORDS);
        Counts batch = new Counts(0, n, 0, 0);
        int warmUps = warmUpRuns();
        boolean toDinero = direction.equals("crm-to-dinero");
        SimulatedSides sides = new SimulatedSides();
        try {
            sides.dinero.rateLimit(Integer.MAX_VALUE, Duration.ofSeconds(1));
            if (!answer.isZero()) {
                sides.dinero.faults().slow(1.0, answer);
                sides.crm.faults().slow(1.0, answer);
            }
            // Batch b (the warm-up runs' first, then the timed runs'): CRM batches get modified times in the past, each
            // after the one before (the feed's cursor passes each)
            long batchSeconds = BenchData.seconds(batch) + 2;
            Instant crmTimes = Instant.now().minus(Duration.ofDays(1))
                    .minusSeconds((warmUps + TIMED_RUNS) * batchSeconds);
            IntConsumer seed = b -> {
                if (toDinero) {
                    BenchData.seedCrm(sides.crm, batch, b * BATCH_NUMBERS, crmTimes.plusSeconds(b * batchSeconds));
                } else {
                    BenchData.seedDinero(sides.dinero, batch, b * BATCH_NUMBERS);
                }
            };
            // Each run and each bare pass starts on an empty target module, as a first import does: what the target
            // holds is read by every run (its index, the CRM's sync pages), so it must not grow with the warm-up
            Runnable emptyTarget = () -> {
                if (toDinero) {
                    sides.dinero.forget(DineroSimulator.CONTACTS);
                } else {
                    sides.crm.forget("Contacts");
                }
            };
            Map<String, String> settings = new LinkedHashMap<>(NO_BUDGET);
            settings.put("sync.direction", direction);
            String label = "pipeline overhead " + direction + (answer.isZero() ? ", API answering at once"
                    : ", API answering in " + answer.toMillis() + " ms");
            List<Duration> sync = new ArrayList<>();
            List<Duration> bare = new ArrayList<>();
            List<Map<String, Object>> bodies;
            List<BareClient.Read> lastReads;
            try (ServiceProcess service = start(sides, "overhead-" + direction + "-" + answer.toMillis() + "ms",
                    settings)) {
                // The warm-up: runs like the timed ones, so that the code each run goes through once (its feed, index
                // and end) is as warm as the per-record code
                List<String> warmUpRuns = new ArrayList<>();
                for (int b = 0; b < warmUps; b++) {
                    if (b > 0) {
                        Thread.sleep(1100); // as before each timed run
                    }
                    seed.accept(b);
                    emptyTarget.run();
                    warmUpRuns.add(runSync(service, Duration.ofMinutes(60)).summary());
                }
                note(label + ", warm-up (untimed): " + String.join("; ", warmUpRuns));
                bodies = (toDinero
                        ? sides.dinero.records(DineroSimulator.CONTACTS).stream()
                                .map(r -> without(r, DINERO_SERVER_FIELDS))
                        : sides.crm.records("Contacts").stream().map(r -> without(r, CRM_SERVER_FIELDS)))
                        .limit(n).toList(); // as many as a timed run creates
                List<BareClient.Read> reads = reads(sides); // the warm-up runs', for the untimed pass
                emptyTarget.run();
                barePass(sides, toDinero, bodies, 0, reads); // untimed: this JVM's HTTP client compiles too
                for (int k = 1; k <= TIMED_RUNS; k++) {
                    // the CRM keeps modified times in whole seconds, Dinero's feed reads from the last run's start
                    Thread.sleep(1100);
                    seed.accept(warmUps + k - 1);
                    emptyTarget.run();
                    clearLogs(sides);
                    Duration cpuBefore = cpu(service);
                    Map<String, Duration> threadsBefore = threadCpu(service);
                    Run run = runSync(service, Duration.ofMinutes(60));
                    // the service's CPU per record (all its threads, the JIT's too), and of the threads that write
                    // the records and of the JIT compiler: unlike the run's time, hardly moved by other processes on
                    // the shared cores, so a change to the pipeline shows in them first
                    Map<String, Duration> threads = threadCpu(service);
                    threads.replaceAll((kind, used) -> used.minus(threadsBefore.getOrDefault(kind, Duration.ZERO)));
                    note(label + ", timed run " + k + ": " + run.summary() + "; CPU per record: service "
                            + millis(cpu(service).minus(cpuBefore).dividedBy(n)) + ", record writers "
                            + millis(threads.getOrDefault("writers", Duration.ZERO).dividedBy(n)) + ", JIT compiler "
                            + millis(threads.getOrDefault("jit", Duration.ZERO).dividedBy(n)) + "; CRM "
                            + byOperation(sides.crm.requestLog()) + ", Dinero " + byOperation(sides.dinero.requestLog()));
                    sync.add(run.took().dividedBy(n));
                    reads = reads(sides);
                    emptyTarget.run();
                    bare.add(barePass(sides, toDinero, bodies, k, reads).dividedBy(n));
                }
                lastReads = reads;
                dumpProfile(service, "overhead-" + direction + "-" + answer.toMillis() + "ms");
            }
            for (int k = TIMED_RUNS + 1; k <= BARE_PASSES; k++) {
                emptyTarget.run();
                bare.add(barePass(sides, toDinero, bodies, k, lastReads).dividedBy(n));
            }
            Spread perRecord = Spread.of(sync);
            Spread perCall = Spread.of(bare);
            double ratio = perRecord.median().toNanos() / (double) perCall.median().toNanos();
            add(new Row(label, n + " contacts a run, after " + warmUps + " warm-up runs of as many",
                    "sync " + perRecord.millis("runs") + " per record, bare client " + perCall.millis("passes")
                            + " per record (the run's reads and creates); ratio range " + perRecord.ratioRange(perCall),
                    "≤ 1.3", ratio(ratio), ratio <= 1.3));
        } finally {
            sides.close();
        }
    }

    /** The CPU time the service's process has used so far (zero where the OS does not tell). */
    private static Duration cpu(ServiceProcess service) {
        return ProcessHandle.of(service.pid()).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    /**
     * CPU time so far of the service's record writer threads ({@code writers}: sync.RecordWriters' dinero-writer-n,
     * crm-writer-n) and of its JIT compiler threads ({@code jit}), from /proc (empty where there is none).
     */
    private static Map<String, Duration> threadCpu(ServiceProcess service) {
        Map<String, Duration> used = new LinkedHashMap<>();
        Path tasks = Path.of("/proc", String.valueOf(service.pid()), "task");
        try (var stream = Files.list(tasks)) {
            for (Path task : stream.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                // pid (comm) state ppid …: comm may hold spaces; utime and stime are the 12th and 13th fields after it
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(after[11]) + Long.parseLong(after[12]);
                String kind = name.startsWith("dinero-writer") || name.startsWith("crm-writer") ? "writers"
                        : name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? "jit" : null;
                if (kind != null) {
                    used.merge(kind, Duration.ofMillis(ticks * 1000 / CLOCK_TICKS), Duration::plus);
                }
            }
        } catch (IOException | RuntimeException e) {
            return used;
        }
        return used;
    }

    /** The kernel's clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
    private static final long CLOCK_TICKS = 100;

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.2f ms", d.toNanos() / 1e6);
    }

    /**
     * Untimed warm-up runs of the overhead figure, each of as many contacts as a timed run: {@code bench.warmup},
     * default {@value #WARM_UP_RUNS}. The JIT compiles a method called once per record with C2 only after some 5,000
     * to 15,000 calls, and code each run goes through once (its feed, index, end) only after some runs: after one
     * warm-up run as big as a timed run, and still after one ten times as big, the JIT used more CPU per record in the
     * timed runs than the record writers; after 10 runs of 300, 2–3 ms per record, two thirds of its compilations
     * C2's of methods C1 had compiled before (tiering up, no class loaded anew, few deoptimizations); after 30, about
     * 1 ms (docs/bench-profile.md). The figure says which warm-up it had.
     */
    int warmUpRuns() {
        return Math.max(1, Integer.getInteger("bench.warmup", WARM_UP_RUNS));
    }

    static final int WARM_UP_RUNS = 30;

    /** The simulators' answer times the overhead figure is measured at ({@link #overhead}). */
    static final List<Duration> OVERHEAD_ANSWERS = List.of(Duration.ofMillis(1), Duration.ZERO);

    /** Timed runs of the overhead figure, and timed passes of its bare client. */
    static final int TIMED_RUNS = 3;
    static final int BARE_PASSES = 5;
    /** Batch k of the overhead figure is numbered from k times this: its names differ from the other batches'. */
    static final int BATCH_NUMBERS = 100_000;

    /**
     * One pass of the bare client: {@code reads} (those of a sync run), then the creates of {@code bodies}, renamed for
     * pass {@code k} so that it creates anew; the time of all its calls.
     */
    private static Duration barePass(SimulatedSides sides, boolean toDinero, List<Map<String, Object>> bodies, int k,
                                     List<BareClient.Read> reads) throws Exception {
        String nameField = toDinero ? "Name" : "lastname";
        List<Map<String, Object>> renamed = bodies.stream().map(b -> {
            Map<String, Object> body = new LinkedHashMap<>(b);
            body.put(nameField, b.get(nameField) + " (bare " + k + ")");
            return body;
        }).toList();
        return toDinero ? BareClient.dineroCreates(sides.dinero, sides.crm, reads, DineroSimulator.CONTACTS, renamed)
                : BareClient.crmCreates(sides.dinero, sides.crm, reads, "Contacts", renamed);
    }

    /**
     * The reads of the sync run the simulators' logs hold (since they were last cleared): each answered GET but the
     * CRM's {@code getchallenge} (its session, like the Dinero token the bare client fetches untimed). The creates are
     * the bare client's own.
     */
    private static List<BareClient.Read> reads(SimulatedSides sides) {
        List<BareClient.Read> reads = new ArrayList<>();
        for (boolean crm : new boolean[] {true, false}) {
            (crm ? sides.crm : sides.dinero).requestLog().entries().stream()
                    .filter(e -> e.method().equals("GET") && e.status() / 100 == 2
                            && !e.operation().equals("getchallenge"))
                    .forEach(e -> reads.add(new BareClient.Read(crm, e.path(), e.query())));
        }
        return reads;
    }

    private static Map<String, Object> without(Map<String, Object> record, Set<String> fields) {
        Map<String, Object> body = new LinkedHashMap<>(record);
        body.keySet().removeAll(fields);
        return body;
    }

    // ------------------------------------------------------------------------------------------- memory

    /** N records in the shares of {@link Counts#ofTotal} on one side, synced to the empty other at -Xmx256m. */
    void memory(String direction) throws Exception {
        int n = Math.max(4, (int) Math.round(records * scale));
        Counts holds = Counts.ofTotal(n);
        SimulatedSides sides = new SimulatedSides();
        try {
            sides.dinero.rateLimit(Integer.MAX_VALUE, Duration.ofSeconds(1));
            if (direction.equals("crm-to-dinero")) {
                BenchData.seedCrm(sides.crm, holds, 0);
            } else {
                BenchData.seedDinero(sides.dinero, holds, 0);
            }
            Map<String, String> settings = new LinkedHashMap<>(NO_BUDGET);
            settings.put("sync.direction", direction);
            String name = "memory-" + direction;
            String completes;
            boolean ok;
            double perSecond = Double.NaN;
            try (ServiceProcess service = start(sides, name, settings)) {
                try {
                    Run run = runSync(service, Duration.ofHours(24));
                    note("memory " + direction + ": " + run.summary());
                    ok = run.status().equals("succeeded") && run.failed() == 0 && run.created() >= n;
                    completes = (ok ? "yes" : "no") + ": " + run.created() + " created, " + run.failed() + " failed, "
                            + seconds(run.took()) + " s";
                    perSecond = n / (run.took().toNanos() / 1e9);
                    dumpProfile(service, name);
                } catch (ServiceDied e) {
                    ok = false;
                    completes = "no: " + e.getMessage();
                    note("memory " + direction + ": the service died:\n" + e.tail);
                }
            }
            long peak = GcLog.peakAfterGc(Files.readAllLines(gcLog(name)));
            String size = n + " records (" + holds.organizations() + " organizations, " + holds.contacts()
                    + " contacts, " + holds.products() + " products, " + holds.invoices() + " invoices)";
            add(new Row("memory " + direction + ": completes at " + HEAP, size, completes, "completes", ok ? "1" : "0",
                    ok));
            add(new Row("memory " + direction + ": peak heap after GC", size,
                    String.format(Locale.ROOT, "%.1f MB of 256 MB", peak / 1048576.0), "fits in 256 MB",
                    ratio(peak / (double) HEAP_BYTES), peak < HEAP_BYTES));
            add(new Row("memory " + direction + ": records per second", size,
                    String.format(Locale.ROOT, "%.1f records/s", perSecond), "— (shown)", "—", null));
        } finally {
            sides.close();
        }
    }

    // ------------------------------------------------------------------------------------------- plumbing

    private ServiceProcess start(SimulatedSides sides, String name, Map<String, String> settings) {
        List<String> jvm = new ArrayList<>(List.of(HEAP, "-XX:+ExitOnOutOfMemoryError",
                "-Xlog:gc:file=" + gcLog(name).toAbsolutePath()));
        if (profile != null) {
            jvm.add("-XX:StartFlightRecording=name=bench,settings=" + profile);
        }
        return ServiceProcess.start(jvm, port -> sides.serviceArguments(port, settings), work.resolve(name + ".log"));
    }

    /**
     * With {@code bench.profile}, writes the service's JFR recording to {@code target/bench/<name>.jfr}: the service
     * is ended by SIGKILL, which leaves no dump on exit, so the recording is dumped through {@code jcmd} first.
     */
    private void dumpProfile(ServiceProcess service, String name) throws IOException, InterruptedException {
        if (profile == null) {
            return;
        }
        Path jfr = work.resolve(name + ".jfr").toAbsolutePath();
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(service.pid()), "JFR.dump", "name=bench", "filename=" + jfr)
                .redirectErrorStream(true).start();
        String said = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0 || !Files.exists(jfr)) {
            throw new IllegalStateException("jcmd JFR.dump for " + name + " failed: " + said);
        }
        note("profile " + name + ": " + jfr);
    }

    private Path gcLog(String name) {
        return work.resolve(name + "-gc.log");
    }

    /** The service ended (an OutOfMemoryError ends it: -XX:+ExitOnOutOfMemoryError) before its run did. */
    static final class ServiceDied extends RuntimeException {
        final String tail;

        ServiceDied(String message, String tail) {
            super(message);
            this.tail = tail;
        }
    }

    /**
     * Starts a run over REST and polls it until it ends: unlike the tests' SimulatedSides.runSync, a run here may take
     * hours, and the service may die under it (out of memory), which must end the wait with that verdict.
     */
    private static Run runSync(ServiceProcess service, Duration atMost) throws InterruptedException {
        ApiClient api = service.api();
        ApiClient.Answer started = api.post("/api/sync", "");
        if (started.status() != 202) {
            throw new IllegalStateException("POST /api/sync answered " + started.status() + " " + started.body());
        }
        long id = started.json().get("runId").asLong();
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            if (!service.alive()) {
                String tail = service.outputTail();
                throw new ServiceDied(tail.contains("OutOfMemoryError") ? "OutOfMemoryError" : "the service exited",
                        tail);
            }
            try {
                JsonNode run = api.get("/api/runs/" + id).json();
                if (!"running".equals(run.get("status").asText())) {
                    return Run.of(run);
                }
            } catch (RuntimeException e) {
                // a dying service: the next turn sees it gone
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("run " + id + " still running after " + atMost);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** How many requests of each operation, e.g. {@code {login=1, sync=4, create=40}}. */
    private static Map<String, Long> byOperation(RequestLog log) {
        return log.entries().stream().collect(Collectors.groupingBy(RequestLog.Entry::operation, LinkedHashMap::new,
                Collectors.counting()));
    }

    private static void clearLogs(SimulatedSides sides) {
        sides.crm.requestLog().clear();
        sides.dinero.requestLog().clear();
    }

    private void add(Row row) {
        rows.add(row);
        System.out.printf("%-58s %-6s %s | goal %s | %s%n", row.figure(), row.ratio(),
                row.met() == null ? "" : row.met() ? "met" : "NOT MET", row.goal(), row.measured() + "; " + row.size());
    }

    private void note(String note) {
        notes.add(note);
        System.out.println("  " + note.lines().findFirst().orElse(""));
    }

    static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2f", ratio);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }

    // ------------------------------------------------------------------------------------------- BENCHMARKS.md

    private String markdown(Instant started, Duration took) throws IOException {
        boolean full = scale >= 1 && records >= 100_000 && figures.containsAll(FIGURES);
        StringBuilder md = new StringBuilder("# Benchmarks\n\n");
        md.append("Written by the benchmark command (README \"Benchmarks\", issue 13); rerunning it rewrites this file.\n\n");
        if (!full) {
            md.append("> **Small-scale run.** Sizes are scaled down (scale ").append(scale).append(", memory ")
                    .append(Math.max(4, Math.round(records * scale))).append(" records, figures ")
                    .append(String.join(", ", figures)).append("): it shows the harness works, not the goal's numbers.\n\n");
        }
        md.append("- Command: `./mvnw -Pbench verify");
        if (scale != 1) {
            md.append(" -Dbench.scale=").append(scale);
        }
        if (records != 100_000) {
            md.append(" -Dbench.records=").append(records);
        }
        if (!figures.containsAll(FIGURES)) {
            md.append(" -Dbench.figures=").append(String.join(",", figures));
        }
        md.append("`\n");
        md.append("- Date: ").append(DateTimeFormatter.ISO_INSTANT.format(started.atOffset(ZoneOffset.UTC)
                .withNano(0).toInstant())).append(", took ").append(took.toSeconds()).append(" s\n");
        md.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(memoryGb()).append(" GB memory, ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.arch")).append(", JDK ").append(System.getProperty("java.runtime.version"))
                .append(" (").append(System.getProperty("java.vendor")).append(")\n");
        md.append("- Setup: both simulators on loopback in the benchmark JVM; the service in a child JVM at ")
                .append(HEAP).append(" per scenario (fresh simulators and database each). Rate figure: the Dinero"
                        + " simulator allows ").append(RATE_LIMIT).append(" per ").append(RATE_WINDOW.toSeconds())
                .append(" s window, the service's budget is ").append(RATE_BUDGET).append(" per the same window"
                        + " (`dinero.rate-window=2s`, shortened from Dinero's minute; counts from the simulator's"
                        + " request log). Overhead and memory: the simulator's limit off and the service's budget"
                        + " lifted (`dinero.requests-per-minute=100`, `dinero.rate-window=1ms`). Overhead: ").append(warmUpRuns())
                .append(" untimed warm-up runs of other contacts, as big as the timed ones, in the same"
                        + " service JVM first, then ").append(TIMED_RUNS).append(" timed runs of fresh batches of ")
                .append(scaled(OVERHEAD_RECORDS)).append(" each"
                        + " (median time per record); the bare client makes one untimed pass, then ").append(BARE_PASSES)
                .append(" timed passes of the same calls as a run: its reads (each GET it made, sent again as it was)"
                        + " and its creates under fresh names (one pass after each timed run, the rest right after;"
                        + " median time per record); min–max of each and the ratio's range beside the median. Each overhead"
                        + " figure twice: with both simulators taking 1 ms to answer each request (the sync's and the"
                        + " bare client's alike; the issue measured against loopback simulators answering in about"
                        + " 1 ms, a real API takes tens), and answering as fast as they can (a few tenths of a"
                        + " millisecond here, where the pipeline's own CPU per record is more than a whole call).\n\n");
        md.append("| Figure | Size | Measured | Goal | Ratio | Met |\n|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(r.figure()).append(" | ").append(r.size()).append(" | ").append(r.measured())
                    .append(" | ").append(r.goal()).append(" | ").append(r.ratio()).append(" | ")
                    .append(r.met() == null ? "—" : r.met() ? "yes" : "**no**").append(" |\n");
        }
        md.append("\nRuns:\n\n").append(notes.stream().map(n -> "- " + n.lines().findFirst().orElse(""))
                .collect(Collectors.joining("\n"))).append('\n');
        if (Files.exists(PROFILE_FINDINGS)) {
            md.append('\n').append(Files.readString(PROFILE_FINDINGS, StandardCharsets.UTF_8));
        }
        return md.toString();
    }

    private static String memoryGb() throws IOException {
        Path meminfo = Path.of("/proc/meminfo");
        if (!Files.exists(meminfo)) {
            return "?";
        }
        for (String line : Files.readAllLines(meminfo)) {
            if (line.startsWith("MemTotal:")) {
                long kb = Long.parseLong(line.replaceAll("\\D", ""));
                return String.format(Locale.ROOT, "%.1f", kb / 1048576.0);
            }
        }
        return "?";
    }
}
