package dk.simplydinero.crm;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dk.simplydinero.http.ResilienceProperties;
import dk.simplydinero.model.SideStatus;
import dk.simplydinero.sandbox.Faults;
import dk.simplydinero.sandbox.SimRequest;
import dk.simplydinero.sandbox.SimResponse;
import dk.simplydinero.sandbox.crm.CrmSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client driven through every trap of the (simulated) Simply CRM webservice, one group a concern. Each test gets
 * a fresh simulator and a client for its admin user from the set-up here, which the groups share.
 */
@Timeout(60)
class SimplyCrmClientTest {

    /** Contacts in department "hidden" ({@link #putContacts} puts every seventh there). */
    private static final Predicate<Map<String, Object>> HIDDEN = r -> "hidden".equals(r.get("department"));

    private CrmSimulator sim;
    private SimplyCrmClient client;

    @BeforeEach
    void start() {
        sim = new CrmSimulator().start(0);
        client = new SimplyCrmClient(props(sim.baseUrl(), CrmSimulator.DEMO_ACCESS_KEY)).retryDelay(Duration.ofMillis(10));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    static SimplyCrmProperties props(String url, String accessKey) {
        SimplyCrmProperties p = new SimplyCrmProperties();
        p.setUrl(url);
        p.setUsername(CrmSimulator.DEMO_USERNAME);
        p.setAccessKey(accessKey);
        p.setTimeout(Duration.ofSeconds(5));
        return p;
    }

    private List<String> putContacts(int n, String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("firstname", "Søren");
            f.put("lastname", prefix + i);
            f.put("department", i % 7 == 3 ? "hidden" : "");
            ids.add(sim.put("Contacts", f));
        }
        return ids;
    }

    private static Set<String> ids(List<Map<String, Object>> records) {
        return records.stream().map(r -> (String) r.get("id")).collect(Collectors.toSet());
    }

    /** Hides the contacts in department "hidden" from the API user, as sharing rules do; answers the ids left. */
    private Set<String> hideTheHiddenDepartment() {
        sim.hideFromApiUser(HIDDEN);
        return ids(sim.records("Contacts").stream().filter(HIDDEN.negate()).toList());
    }

    private void clockAt(Instant time) {
        sim.setClock(Clock.fixed(time, ZoneOffset.UTC));
    }

    /** A client for another CRM user (without the short retry delay of {@link #client}). */
    private SimplyCrmClient clientAs(String username, String accessKey) {
        SimplyCrmProperties p = props(sim.baseUrl(), accessKey);
        p.setUsername(username);
        return new SimplyCrmClient(p);
    }

    /** An invoice with one line and the same billing and shipping street, as the client sends it to create. */
    private static Map<String, Object> invoice(String subject, String account, String street, Map<String, ?> line) {
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("subject", subject);
        element.put("account_id", account);
        element.put("bill_street", street);
        element.put("ship_street", street);
        element.put("LineItems", List.of(line));
        return element;
    }

    /** Logging in (challenge, login and the token races between them), one session for all callers, re-login. */
    @Nested
    class LoginAndSessions {

        /** Runs {@code interleaved} between our first getchallenge and our first login, and before no later one. */
        private void beforeTheFirstLogin(Runnable interleaved) {
            AtomicInteger calls = new AtomicInteger(1);
            sim.beforeLogin(() -> {
                if (calls.getAndDecrement() > 0) {
                    interleaved.run();
                }
            });
        }

        @Test
        void concurrentCallersShareOneLogin() throws Exception {
            sim.seedDemoData();
            String account = (String) sim.records("Accounts").get(0).get("id");
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Future<Object>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    Callable<Object> task = () -> {
                        go.await();
                        return client.retrieve(account).get("accountname");
                    };
                    results.add(pool.submit(task));
                }
                go.countDown();
                for (Future<Object> f : results) {
                    assertThat(f.get()).isEqualTo(sim.get(account).get("accountname"));
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(sim.requestLog().countOperation("getchallenge")).isEqualTo(1);
            assertThat(sim.requestLog().countOperation("login")).isEqualTo(1);
            assertThat(sim.requestLog().countOperation("retrieve")).isEqualTo(threads);
        }

        @Test
        void concurrentCallersAfterAnExpiredSessionLogInOnceMore() throws Exception {
            putContacts(5, "C");
            client.listTypes();
            sim.expireAllSessions();
            sim.requestLog().clear();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<List<Map<String, Object>>>> results = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    results.add(pool.submit(() -> client.query("SELECT * FROM Contacts;")));
                }
                for (Future<List<Map<String, Object>>> f : results) {
                    assertThat(f.get()).hasSize(5);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(sim.requestLog().countOperation("login")).isEqualTo(1);
        }

        @Test
        void anIdleSessionIsRenewedTransparently() {
            Instant t0 = Instant.parse("2026-06-01T12:00:00Z");
            clockAt(t0);
            String id = sim.put("Contacts", Map.of("lastname", "Idle"));
            assertThat(client.retrieve(id).get("lastname")).isEqualTo("Idle");
            clockAt(t0.plus(Duration.ofMinutes(45)));
            assertThat(client.retrieve(id).get("lastname")).isEqualTo("Idle");
            assertThat(sim.requestLog().countOperation("login")).isEqualTo(2);
        }

        @Test
        void aTokenReplacedByAnotherGetchallengeBeforeOurLoginIsRetriedOnce() {
            // another client asks for a challenge as the same user
            beforeTheFirstLogin(() -> sim.challenge(CrmSimulator.DEMO_USERNAME));
            assertThat(client.listTypes()).contains("Contacts");
            assertThat(sim.requestLog().countOperation("getchallenge")).isEqualTo(2);
            assertThat(sim.requestLog().countOperation("login")).isEqualTo(2);
            assertThat(sim.requestLog().entries()).filteredOn(e -> "login".equals(e.operation())).hasSize(2);
        }

        @Test
        void aTokenReplacedEveryTimeIsRedAsWrongKeyAfterOneRetry() {
            sim.beforeLogin(() -> sim.challenge(CrmSimulator.DEMO_USERNAME));
            SideStatus status = client.checkConnection();
            assertThat(status.isGreen()).isFalse();
            assertThat(status.message()).contains("wrong username or access key").contains("access key");
            assertThat(sim.requestLog().countOperation("login")).isEqualTo(2);
            assertThatThrownBy(client::listTypes).isInstanceOfSatisfying(CrmLoginException.class,
                    e -> assertThat(e.code()).isEqualTo("INVALID_USER_CREDENTIALS"));
        }

        @Test
        void aReplacedTokenAnsweredWithTheOlderSpellingIsRetriedOnceToo() {
            sim.replacedChallengeCode("INVALID_AUTH_TOKEN"); // older servers, and one place of the CRM's documentation
            beforeTheFirstLogin(() -> sim.challenge(CrmSimulator.DEMO_USERNAME));
            assertThat(client.listTypes()).contains("Contacts");
            assertThat(sim.requestLog().countOperation("getchallenge")).isEqualTo(2);
            assertThat(sim.requestLog().countOperation("login")).isEqualTo(2);
        }

        @Test
        void aTokenReplacedEveryTimeInTheOlderSpellingFailsAfterOneRetry() {
            sim.replacedChallengeCode("INVALID_AUTH_TOKEN");
            sim.beforeLogin(() -> sim.challenge(CrmSimulator.DEMO_USERNAME));
            assertThatThrownBy(client::listTypes).isInstanceOfSatisfying(CrmLoginException.class,
                    e -> assertThat(e.code()).isEqualTo("INVALID_AUTH_TOKEN"));
            assertThat(sim.requestLog().countOperation("getchallenge")).isEqualTo(2);
            assertThat(sim.requestLog().countOperation("login")).isEqualTo(2);
        }

        @Test
        void aTokenThatExpiredBeforeOurLoginIsRetriedOnceWithAFreshChallenge() {
            // the token expires between our getchallenge and our login (INVALID_AUTH_TOKEN); the second one is new
            beforeTheFirstLogin(() -> sim.setClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10))));
            assertThat(client.listTypes()).contains("Contacts");
            assertThat(sim.requestLog().countOperation("getchallenge")).isEqualTo(2);
            assertThat(sim.requestLog().countOperation("login")).isEqualTo(2);
        }

        @Test
        void aLoginAnswerWithoutSessionNameIsALoginError() {
            sim.overrideAnswer("login", p -> SimResponse.json(200,
                    "{\"success\":true,\"result\":{\"userId\":\"19x1\",\"version\":\"0.22\"}}"));
            assertThatThrownBy(client::listTypes).isInstanceOfSatisfying(CrmLoginException.class,
                    e -> assertThat(e.code()).isEqualTo("NO_SESSION_NAME"));
            assertThat(sim.requestLog().countOperation("listtypes")).isZero();
            SideStatus status = client.checkConnection();
            assertThat(status.isGreen()).isFalse();
            assertThat(status.message()).contains("no session name");
        }
    }

    /** VTQL queries paged past the CRM's short pages, hidden rows and expired sessions. */
    @Nested
    class QueriesAndPaging {

        @Test
        void pagesThroughShortPagesToExactlyAllVisibleRecords() {
            List<String> all = putContacts(250, "P");
            Set<String> visible = hideTheHiddenDepartment();
            assertThat(visible).hasSizeLessThan(all.size());

            List<Map<String, Object>> got = client.queryAll("Contacts", null);

            assertThat(got).hasSize(visible.size());
            assertThat(ids(got)).isEqualTo(visible);
            // the pages really were short: every query answered fewer than 100 rows while more existed
            assertThat(sim.requestLog().countOperation("query")).isGreaterThanOrEqualTo(4);
        }

        @Test
        void aWholePageOfHiddenRowsDoesNotEndThePaging() {
            for (int i = 0; i < 300; i++) {
                sim.put("Contacts", Map.of("lastname", "L" + i, "department", i >= 100 && i < 200 ? "hidden" : ""));
            }
            hideTheHiddenDepartment();
            assertThat(client.queryAll("Contacts", null)).hasSize(200);
        }

        @Test
        void streamingFormHandsOverPagesOfAtMost100() {
            putContacts(250, "S");
            List<Integer> sizes = new ArrayList<>();
            long total = client.forEachPage("Contacts", "lastname LIKE 'S%'", page -> sizes.add(page.size()));
            assertThat(total).isEqualTo(250);
            assertThat(sizes).allSatisfy(s -> assertThat(s).isBetween(1, 100));
            assertThat(client.count("Contacts", null)).isEqualTo(250);
            assertThat(client.count("Contacts", "lastname = 'S7'")).isEqualTo(1);
        }

        @Test
        void sessionExpiredMidPagingGivesTheSameCompleteResult() {
            putContacts(250, "E");
            hideTheHiddenDepartment();
            List<Map<String, Object>> expected = client.queryAll("Contacts", null);
            sim.requestLog().clear();

            sim.expireSessionsAfterCalls(2);
            List<Map<String, Object>> got = client.queryAll("Contacts", null);

            assertThat(ids(got)).isEqualTo(ids(expected));
            assertThat(got).hasSize(expected.size());
            assertThat(sim.requestLog().countOperation("login")).isGreaterThanOrEqualTo(2);
        }

        @Test
        void invoicesAreListedOncePerInvoiceEvenWithManyLines() {
            sim.seedDemoData();
            List<Map<String, Object>> invoices = client.queryAll("Invoice", null);
            assertThat(invoices).hasSize(sim.records("Invoice").size());
            assertThat(ids(invoices)).hasSize(invoices.size());
        }

        @Test
        void invoicesAreQueriedWithoutTheColumnsVtqlCannotNameAndFoundByAValueWithAnAmpersand() {
            // The simulator describes Invoice as a real vtiger 7 does, shipping_&_handling included: a query naming
            // that column fails.
            String account = sim.put("Accounts", Map.of("accountname", "Nordisk Træ & Tømrer ApS"));
            String product = sim.put("Products", Map.of("productname", "Planke", "unit_price", "10"));
            String invoice = sim.put("Invoice", Map.of("subject", "Planker & montering", "account_id", account,
                    "bill_street", "Østergade 12", "ship_street", "Østergade 12"),
                    List.of(Map.of("productid", product, "quantity", "2", "listprice", "10")));

            List<Map<String, Object>> found = client.queryAll("Invoice", "subject = "
                    + SimplyCrmClient.literal("Planker & montering")
                    + " AND account_id = " + SimplyCrmClient.literal(account));

            assertThat(found).hasSize(1);
            assertThat(found.get(0)).containsEntry("id", invoice).containsEntry("subject", "Planker & montering")
                    .containsEntry("account_id", account).containsEntry("bill_street", "Østergade 12");
        }
    }

    /** The change feed: application sync for an admin key, keyset-paged queries for a non-admin one. */
    @Nested
    class ChangeFeed {

        /** A client for a non-admin user, to whom the CRM refuses application sync. */
        private SimplyCrmClient clerk() {
            sim.addUser("clerk", "ClerkKey0123456789", false);
            return clientAs("clerk", "ClerkKey0123456789");
        }

        @Test
        void syncAcrossABoundarySecondWithMoreThan100RecordsReturnsEveryRecordOnce() {
            Instant t0 = Instant.parse("2026-05-01T08:00:00Z");
            clockAt(t0);
            List<String> expected = new ArrayList<>(putContacts(60, "A"));
            clockAt(t0.plusSeconds(1));
            expected.addAll(putContacts(180, "B"));
            clockAt(t0.plusSeconds(2));
            expected.addAll(putContacts(130, "C"));

            List<String> seen = new ArrayList<>();
            List<CrmSyncPage> pages = new ArrayList<>();
            long last = client.syncAll("Contacts", t0.getEpochSecond() - 10, true, page -> {
                pages.add(page);
                page.updated().forEach(r -> seen.add((String) r.get("id")));
            });

            assertThat(seen).hasSize(expected.size());
            assertThat(new HashSet<>(seen)).isEqualTo(new HashSet<>(expected));
            assertThat(last).isEqualTo(t0.getEpochSecond() + 2);
            assertThat(pages).hasSizeGreaterThan(1);
            // nothing after the last time
            assertThat(client.sync("Contacts", last, true).updated()).isEmpty();
        }

        @Test
        void syncListsDeletedRecords() {
            List<String> ids = putContacts(3, "D");
            client.delete(ids.get(1));
            List<String> deleted = new ArrayList<>();
            client.syncAll("Contacts", 1, true, page -> deleted.addAll(page.deleted()));
            assertThat(deleted).containsExactly(ids.get(1));
            assertThatThrownBy(() -> client.retrieve(ids.get(1))).isInstanceOf(CrmNotFoundException.class);
        }

        @Test
        void nonAdminUsersMayNotUseApplicationSyncAndSeeOnlyTheirOwnRecords() {
            String userId = sim.addUser("syncuser", "k3yF0rSyncUser12", false);
            sim.put("Contacts", Map.of("lastname", "Admins"));
            sim.put("Contacts", Map.of("lastname", "Mine", "assigned_user_id", userId));
            SimplyCrmClient user = clientAs("syncuser", "k3yF0rSyncUser12");
            assertThatThrownBy(() -> user.sync("Contacts", 1, true))
                    .isInstanceOfSatisfying(CrmAccessDeniedException.class, e -> {
                        assertThat(e).isNotInstanceOf(CrmNotFoundException.class);
                        assertThat(e.crmMessage()).isEqualTo("Only admin users can perform application sync");
                    });
            assertThat(user.sync("Contacts", 1, false).updated()).extracting(r -> r.get("lastname"))
                    .containsExactly("Mine");
        }

        /**
         * A non-admin key: application sync is refused once, then the changes come by query, keyset-paged on
         * modifiedtime and id: 170 contacts share one second (with 110 hidden ones in a row among them, so pages come
         * back short and empty while more rows follow), and two records are edited while the pages are read, one
         * already read and one not yet: offset paging would skip a record when the read one moves to the end.
         */
        @Test
        void aNonAdminKeyReadsTheChangesByQueryKeysetPagesOnModifiedTimeAndId() {
            Instant t0 = Instant.parse("2026-05-01T08:00:00Z");
            clockAt(t0);
            List<String> early = putContacts(60, "A");
            clockAt(t0.plusSeconds(1));
            List<String> sameSecond = new ArrayList<>(putContacts(80, "B"));
            for (int i = 0; i < 110; i++) {
                sim.put("Contacts", Map.of("lastname", "H" + i, "department", "hidden"));
            }
            sameSecond.addAll(putContacts(90, "C"));
            clockAt(t0.plusSeconds(2));
            List<String> late = putContacts(130, "D");
            Set<String> visible = hideTheHiddenDepartment();
            SimplyCrmClient clerk = clerk();
            String readEarly = early.get(0);
            String unreadLate = late.get(100);

            Iterator<CrmSyncPage> pages = clerk.changePages("Contacts", t0.getEpochSecond() - 10);
            List<CrmSyncPage> read = new ArrayList<>();
            read.add(pages.next());
            assertThat(ids(read.get(0).updated())).contains(readEarly).doesNotContain(unreadLate);
            clockAt(t0.plusSeconds(3));
            sim.change(readEarly, Map.of("lastname", "A0 rettet"));
            sim.change(unreadLate, Map.of("lastname", "D100 rettet"));
            pages.forEachRemaining(read::add);

            List<Map<String, Object>> records = read.stream().flatMap(page -> page.updated().stream()).toList();
            assertThat(ids(records)).isEqualTo(visible);
            assertThat(records.stream().filter(r -> readEarly.equals(r.get("id")))).extracting(r -> r.get("lastname"))
                    .containsExactly("A0", "A0 rettet");
            assertThat(records.stream().filter(r -> unreadLate.equals(r.get("id")))).extracting(r -> r.get("lastname"))
                    .containsExactly("D100 rettet");
            assertThat(records).hasSize(visible.size() + 1);
            assertThat(read).allSatisfy(page -> {
                assertThat(page.updated()).hasSizeLessThanOrEqualTo(100);
                assertThat(page.deleted()).isEmpty();
            });
            assertThat(read.get(read.size() - 1).lastModifiedTime()).isEqualTo(t0.getEpochSecond() + 3);
            assertThat(sim.requestLog().countOperation("sync")).as("application sync asked once, refused").isEqualTo(1);
            // nothing after the last time read
            Iterator<CrmSyncPage> after = clerk.changePages("Contacts", t0.getEpochSecond() + 3);
            List<Map<String, Object>> none = new ArrayList<>();
            after.forEachRemaining(page -> none.addAll(page.updated()));
            assertThat(none).isEmpty();
        }

        /**
         * A record edited after the first page was read, with a lower id than the last row read, is read again in the
         * same pass, whether the CRM binds AND tighter than OR (a real vtiger 7) or applies them left to right (as
         * Simply's documentation says). 250 contacts in one second; after the first page contact 5 is edited, then
         * contact 200 two seconds later: a keyset condition with the tie-break last, read left to right, is
         * {@code (modifiedtime >= T) AND id > X} and skips contact 5 while the cursor passes its time.
         */
        @ParameterizedTest(name = "AND and OR left to right: {0}")
        @ValueSource(booleans = {true, false})
        void aRecordEditedBehindTheLastRowReadIsReadInTheSamePassUnderEitherReadingOfAndAndOr(boolean leftToRight) {
            sim.andOrLeftToRight(leftToRight);
            Instant t0 = Instant.parse("2026-05-01T08:00:00Z");
            clockAt(t0);
            List<String> contacts = putContacts(250, "K");
            Iterator<CrmSyncPage> pages = clerk().changePages("Contacts", t0.getEpochSecond() - 10);

            List<CrmSyncPage> read = new ArrayList<>();
            read.add(pages.next());
            assertThat(read.get(0).updated()).hasSize(100);
            assertThat(read.get(0).updated()).extracting(r -> r.get("lastname")).contains("K5").doesNotContain("K200");
            clockAt(t0.plusSeconds(1));
            sim.change(contacts.get(5), Map.of("lastname", "K5 rettet"));
            clockAt(t0.plusSeconds(3));
            sim.change(contacts.get(200), Map.of("lastname", "K200 rettet"));
            pages.forEachRemaining(read::add);

            List<Map<String, Object>> records = read.stream().flatMap(page -> page.updated().stream()).toList();
            assertThat(records.stream().filter(r -> contacts.get(5).equals(r.get("id"))))
                    .extracting(r -> r.get("lastname"))
                    .containsExactly("K5", "K5 rettet");
            assertThat(records.stream().filter(r -> contacts.get(200).equals(r.get("id"))))
                    .extracting(r -> r.get("lastname")).containsExactly("K200 rettet");
            assertThat(ids(records)).containsExactlyInAnyOrderElementsOf(contacts);
            assertThat(records).hasSize(251);
            assertThat(read.get(read.size() - 1).lastModifiedTime()).isEqualTo(t0.getEpochSecond() + 3);
        }

        /**
         * 102 hidden contacts in a row: the query page after the last visible row comes back empty, count(*) says more
         * follow, and the next page is asked for at an offset from the same key. Five of the hidden ones are edited
         * just then (they move to the end), so the visible rows behind them move 5 places up: an offset of 100 would
         * skip the first 3 of them for good.
         */
        @Test
        void hiddenRowsEditedWhileAStretchOfThemIsSkippedLoseNoVisibleRecord() {
            Instant t0 = Instant.parse("2026-05-01T08:00:00Z");
            clockAt(t0);
            List<String> before = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                before.add(sim.put("Contacts", Map.of("lastname", "V" + i)));
            }
            List<String> hiddenOnes = new ArrayList<>();
            for (int i = 0; i < 102; i++) {
                hiddenOnes.add(sim.put("Contacts", Map.of("lastname", "H" + i, "department", "hidden")));
            }
            List<String> after = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                after.add(sim.put("Contacts", Map.of("lastname", "W" + i)));
            }
            hideTheHiddenDepartment();
            clockAt(t0.plusSeconds(1));
            sim.beforeQuery(q -> {
                if (q.startsWith("SELECT count(*)")) {
                    sim.beforeQuery(null);
                    hiddenOnes.subList(0, 5).forEach(id -> sim.change(id, Map.of("mailingcity", "Vejle")));
                }
            });
            SimplyCrmProperties p = props(sim.baseUrl(), CrmSimulator.DEMO_ACCESS_KEY);
            p.setChangeFeed(SimplyCrmProperties.ChangeFeed.QUERY);

            List<String> seen = new ArrayList<>();
            new SimplyCrmClient(p).queryChangePages("Contacts", t0.getEpochSecond() - 10)
                    .forEachRemaining(page -> page.updated().forEach(r -> seen.add((String) r.get("id"))));

            List<String> visible = new ArrayList<>(before);
            visible.addAll(after);
            assertThat(seen).containsExactlyElementsOf(visible);
            assertThat(sim.requestLog().countOperation("sync")).isZero();
        }
    }

    /** Creating, retrieving, updating and revising records, invoices with their lines included. */
    @Nested
    class Records {

        @Test
        void idPrefixesComeFromDescribe() {
            try (CrmSimulator other = new CrmSimulator(Map.of("Contacts", 77, "Accounts", 3, "Invoice", 41)).start(0)) {
                SimplyCrmClient c = new SimplyCrmClient(props(other.baseUrl(), CrmSimulator.DEMO_ACCESS_KEY));
                assertThat(c.idPrefix("Contacts")).isEqualTo("77");
                assertThat(c.idPrefix("Accounts")).isEqualTo("3");
                Map<String, Object> created = c.create("Contacts", Map.of("lastname", "Præfiks"));
                assertThat((String) created.get("id")).startsWith("77x");
                assertThat(c.update((String) created.get("id"), Map.of("firstname", "Ny")).get("firstname"))
                        .isEqualTo("Ny");
                assertThat(c.moduleOf((String) created.get("id"), List.of("Accounts", "Contacts")))
                        .isEqualTo("Contacts");
            }
            assertThat(client.idPrefix("Contacts")).isEqualTo("31");
            // describe is cached
            client.idPrefix("Contacts");
            assertThat(sim.requestLog().countOperation("describe")).isEqualTo(1);
        }

        @Test
        void retrieveGivesLineItems() {
            sim.seedDemoData();
            Map<String, Object> stored = sim.records("Invoice").get(2);
            Map<String, Object> invoice = client.retrieve((String) stored.get("id"));
            List<?> lines = (List<?>) invoice.get("LineItems");
            assertThat(lines).hasSize(((List<?>) stored.get("LineItems")).size()).hasSizeGreaterThan(1);
            @SuppressWarnings("unchecked")
            Map<String, Object> first = (Map<String, Object>) lines.get(0);
            assertThat((String) first.get("productid")).startsWith(client.idPrefix("Products") + "x");
            assertThat(CrmValues.decimal(first.get("quantity"))).isPositive();
            assertThat(CrmValues.decimal(invoice.get("hdnGrandTotal"))).isPositive();
        }

        @Test
        void createInvoiceParsesNumericTotals() {
            String product = sim.put("Products", Map.of("productname", "Kaffe", "unit_price", "100"));
            String account = sim.put("Accounts", Map.of("accountname", "Østergaard ApS"));
            Map<String, Object> element = invoice("Faktura", account, "Åvej 1",
                    Map.of("productid", product, "quantity", "2", "listprice", "100", "tax1", "25"));
            element.put("productid", product);
            element.put("invoicestatus", "Created");
            Map<String, Object> created = client.create("Invoice", element);
            assertThat(CrmValues.decimal(created.get("hdnGrandTotal"))).isEqualByComparingTo(new BigDecimal("250"));
            Map<String, Object> read = client.retrieve((String) created.get("id"));
            assertThat(CrmValues.decimal(read.get("hdnGrandTotal"))).isEqualByComparingTo(new BigDecimal("250"));
            assertThat(read.get("invoicestatus")).isEqualTo("Created");

            // full-record update without lines keeps the lines, tax type and mandatory fields
            Map<String, Object> updated = client.update((String) created.get("id"), Map.of("subject", "Faktura 2"));
            assertThat(updated.get("subject")).isEqualTo("Faktura 2");
            assertThat((List<?>) updated.get("LineItems")).hasSize(1);
            assertThat(updated.get("hdnTaxType")).isEqualTo("group");
            assertThat(updated.get("account_id")).isEqualTo(account);
        }

        @Test
        void invoiceCreateFillsTheParentProductAndDuplicatesAreValidationErrors() {
            String product = sim.put("Products", Map.of("productname", "Salt", "unit_price", "65"));
            String account = sim.put("Accounts", Map.of("accountname", "Læsø Saltsyderi ApS"));
            Map<String, Object> element = invoice("Uden produkt på hovedet", account, "Vej 3",
                    Map.of("productid", product, "quantity", 3, "listprice", 65));
            Map<String, Object> created = client.create("Invoice", element);
            assertThat(created.get("productid")).isEqualTo(product);
            assertThat(CrmValues.decimal(created.get("hdnSubTotal"))).isEqualByComparingTo("195");
            // without tax on the first line there is no VAT at all
            assertThat(CrmValues.decimal(created.get("hdnGrandTotal"))).isEqualByComparingTo("195");

            sim.rejectDuplicates("Accounts", "accountname");
            assertThatThrownBy(() -> client.create("Accounts", Map.of("accountname", "Læsø Saltsyderi ApS")))
                    .isInstanceOfSatisfying(CrmValidationException.class, e -> assertThat(e.code()).isEqualTo("0"));
        }

        @Test
        void fullRecordUpdateKeepsUnchangedAndMandatoryFields() {
            String account = sim.put("Accounts", Map.of("accountname", "Bøgelund A/S", "bill_city", "Roskilde",
                    "cf_853", "DK23456789", "phone", "+45 46 35 22 10"));
            sim.requestLog().clear();
            Map<String, Object> updated = client.update(account, Map.of("phone", "+45 11 22 33 44"));
            assertThat(updated.get("phone")).isEqualTo("+45 11 22 33 44");
            assertThat(updated.get("accountname")).isEqualTo("Bøgelund A/S");
            assertThat(updated.get("bill_city")).isEqualTo("Roskilde");
            assertThat(updated.get("cf_853")).isEqualTo("DK23456789");
            assertThat(sim.get(account).get("modifiedby")).isEqualTo(client.userId());
            assertThat(sim.requestLog().countOperation("update")).isEqualTo(1);
        }

        @Test
        void anInvoiceCreateFailingHalfWayThrowsAndLeavesTheHeader() {
            String product = sim.put("Products", Map.of("productname", "Reb", "unit_price", "40"));
            String account = sim.put("Accounts", Map.of("accountname", "Skagen Reb ApS"));
            Map<String, Object> element = invoice("Halv faktura", account, "Havnen 2",
                    Map.of("productid", product, "quantity", 1, "listprice", 40));
            sim.failInvoiceCreateBeforeLines(true);
            assertThatThrownBy(() -> client.create("Invoice", element)).isInstanceOf(CrmTransientException.class);
            assertThat(sim.requestLog().countOperation("create")).isEqualTo(1);
            assertThat(sim.records("Invoice")).singleElement().satisfies(inv -> {
                assertThat(inv.get("subject")).isEqualTo("Halv faktura");
                assertThat((List<?>) inv.get("LineItems")).isEmpty();
            });
        }

        @Test
        void reviseSwitchedOffAnswersAPhpErrorPage() {
            String id = sim.put("Contacts", Map.of("lastname", "Revideret"));
            assertThat(client.revise(Map.of("id", id, "firstname", "Ja")).get("firstname")).isEqualTo("Ja");
            sim.reviseEnabled(false);
            assertThatThrownBy(() -> client.revise(Map.of("id", id, "firstname", "Nej")))
                    .isInstanceOfSatisfying(CrmTransientException.class,
                            e -> assertThat(e.kind()).isEqualTo(CrmTransientException.Kind.NOT_JSON));
            assertThat(sim.get(id).get("firstname")).isEqualTo("Ja");
        }
    }

    /** The CRM's refusals as typed exceptions naming the code and the field. */
    @Nested
    class TypedErrors {

        @Test
        void rawUpdateWithoutAMandatoryFieldIsAValidationError() {
            String contact = sim.put("Contacts", Map.of("lastname", "Holm", "firstname", "Anders"));
            assertThatThrownBy(() -> client.updateRaw(Map.of("id", contact, "firstname", "Bo")))
                    .isInstanceOfSatisfying(CrmValidationException.class, e -> {
                        assertThat(e.code()).isEqualTo("MANDATORY_FIELDS_MISSING");
                        assertThat(e.field()).isIn("lastname", "assigned_user_id");
                    });
        }

        @Test
        void missingMandatoryFieldIsTyped() {
            assertThatThrownBy(() -> client.create("Contacts", Map.of("firstname", "Åse")))
                    .isInstanceOfSatisfying(CrmValidationException.class, e -> {
                        assertThat(e.code()).isEqualTo("MANDATORY_FIELDS_MISSING");
                        assertThat(e.field()).isEqualTo("lastname");
                        assertThat(e.operation()).isEqualTo("create");
                    });
            assertThatThrownBy(() -> client.create("Contacts", Map.of("lastname", "X", "account_id", "31x1")))
                    .isInstanceOfSatisfying(CrmValidationException.class, e -> {
                        assertThat(e.code()).isEqualTo("REFERENCE_INVALID");
                        assertThat(e.field()).isEqualTo("account_id");
                    });
        }

        @Test
        void wrongModulePrefixAndMissingRecordAreTyped() {
            String account = sim.put("Accounts", Map.of("accountname", "Læsø Salt"));
            String crmid = account.substring(account.indexOf('x') + 1);
            assertThatThrownBy(() -> client.retrieve(client.idPrefix("Contacts") + "x" + crmid))
                    .isInstanceOf(CrmInvalidIdException.class)
                    .hasFieldOrPropertyWithValue("code", "INVALID_ID_ATTRIBUTE");
            assertThatThrownBy(() -> client.retrieve(client.idPrefix("Accounts") + "x999999"))
                    .isInstanceOf(CrmNotFoundException.class);
            assertThatThrownBy(() -> client.update(client.idPrefix("Accounts") + "x999999", Map.of("phone", "1")))
                    .isInstanceOf(CrmNotFoundException.class);
            assertThatThrownBy(() -> client.delete("42")).isInstanceOf(CrmInvalidIdException.class);
            assertThatThrownBy(() -> client.query("SELECT * FROM Contacts"))
                    .isInstanceOf(CrmQuerySyntaxException.class);
            assertThatThrownBy(() -> client.query("SELECT * FROM Contacts WHERE nosuch = 1;"))
                    .isInstanceOf(CrmAccessDeniedException.class)
                    .isNotInstanceOf(CrmNotFoundException.class);
        }
    }

    /** What the transport survives and never does: bounded retries of reads only, drops, deadlines, redirects. */
    @Nested
    class Transport {

        @Test
        void htmlAnswerIsTransient() {
            client.listTypes();
            sim.answerHtml(true);
            assertThatThrownBy(() -> client.retrieve("23x1"))
                    .isInstanceOfSatisfying(CrmTransientException.class, e -> {
                        assertThat(e.kind()).isEqualTo(CrmTransientException.Kind.NOT_JSON);
                        assertThat(e.contentType()).startsWith("text/html");
                    });
            // reads were retried a bounded number of times: resilience.max-attempts
            assertThat(sim.requestLog().countOperation("retrieve"))
                    .isEqualTo(new ResilienceProperties().getMaxAttempts());
        }

        @Test
        void createIsNeverRetriedOnTransportProblems() {
            client.listTypes();
            sim.faults().serverErrorShare(1.0);
            assertThatThrownBy(() -> client.create("Contacts", Map.of("lastname", "Once")))
                    .isInstanceOf(CrmTransientException.class);
            assertThat(sim.requestLog().countOperation("create")).isEqualTo(1);
        }

        @Test
        void aShareOf5xxOnReadsIsSurvived() {
            List<String> ids = putContacts(250, "F");
            SimplyCrmClient patient = new SimplyCrmClient(props(sim.baseUrl(), CrmSimulator.DEMO_ACCESS_KEY))
                    .readAttempts(6).retryDelay(Duration.ofMillis(5));
            sim.faults().seed(7).serverErrorShare(0.3);
            List<Map<String, Object>> got = patient.queryAll("Contacts", null);
            assertThat(ids(got)).isEqualTo(new HashSet<>(ids));
            Set<String> seen = Collections.synchronizedSet(new HashSet<>());
            patient.syncAll("Contacts", 1, true, p -> p.updated().forEach(r -> seen.add((String) r.get("id"))));
            assertThat(seen).hasSize(250);
            assertThat(patient.retrieve(ids.get(0)).get("lastname")).isEqualTo("F0");
            assertThat(sim.faults().serverErrors()).isPositive();
        }

        @Test
        void droppedConnectionsOnReadsAreSurvived() {
            List<String> ids = putContacts(120, "R");
            SimplyCrmProperties p = props(sim.baseUrl(), CrmSimulator.DEMO_ACCESS_KEY);
            p.setTimeout(Duration.ofMillis(700)); // a dropped answer stalls until the client's deadline
            SimplyCrmClient patient = new SimplyCrmClient(p).readAttempts(6).retryDelay(Duration.ofMillis(5));
            sim.faults().seed(11).dropShare(0.3);
            assertThat(ids(patient.queryAll("Contacts", null))).isEqualTo(new HashSet<>(ids));
            assertThat(sim.faults().drops()).isPositive();
        }

        @Test
        void aCreateWhoseAnswerIsLostIsNotRepeated() {
            SimplyCrmProperties p = props(sim.baseUrl(), CrmSimulator.DEMO_ACCESS_KEY);
            p.setTimeout(Duration.ofMillis(700));
            SimplyCrmClient client = new SimplyCrmClient(p);
            client.listTypes();
            sim.faults().dropShare(1.0);
            assertThatThrownBy(() -> client.create("Contacts", Map.of("lastname", "Tabt svar")))
                    .isInstanceOf(CrmTransientException.class);
            sim.faults().off();
            // the record exists although the caller saw an error: looking before creating again is the caller's job
            assertThat(sim.records("Contacts")).hasSize(1);
            assertThat(sim.requestLog().countOperation("create")).isEqualTo(1);
            assertThat(client.queryAll("Contacts", "lastname = 'Tabt svar'")).hasSize(1);
        }

        @Test
        void slowAnswersTimeOutAsTransient() {
            SimplyCrmProperties p = props(sim.baseUrl(), CrmSimulator.DEMO_ACCESS_KEY);
            p.setTimeout(Duration.ofMillis(300));
            SimplyCrmClient impatient = new SimplyCrmClient(p).readAttempts(1);
            impatient.listTypes();
            sim.faults().slow(1.0, Duration.ofSeconds(1));
            assertThatThrownBy(impatient::listTypes).isInstanceOfSatisfying(CrmTransientException.class,
                    e -> assertThat(e.kind()).isEqualTo(CrmTransientException.Kind.TIMEOUT));
        }

        @Test
        void aRedirectIsNotFollowedButNamed() {
            try (CrmSimulator elsewhere = new CrmSimulator().start(0)) {
                sim.redirectTo(elsewhere.webserviceUrl() + "?operation=getchallenge&sessionName=abc123");
                assertThatThrownBy(client::listTypes).isInstanceOfSatisfying(CrmException.class, e -> {
                    assertThat(e).isNotInstanceOf(CrmTransientException.class);
                    assertThat(e.code()).isEqualTo("REDIRECT");
                    assertThat(e.getMessage()).contains("the configured URL redirects to " + elsewhere.webserviceUrl()
                            + "; use that URL").doesNotContain("abc123").doesNotContain("operation=");
                });
                SideStatus status = client.checkConnection();
                assertThat(status.isGreen()).isFalse();
                assertThat(status.message()).contains("redirects to " + elsewhere.webserviceUrl());
                assertThat(elsewhere.requestLog().entries()).isEmpty();
            }
        }
    }

    /** Issue 14's foundations: comments on records, external-URL documents, and relating records. */
    @Nested
    class CommentsDocumentsAndRelations {

        private String account;
        private String invoice;

        @BeforeEach
        void records() {
            account = sim.put("Accounts", Map.of("accountname", "Østergaard & Søn ApS"));
            invoice = sim.put("Invoice", Map.of("subject", "Faktura 1042", "account_id", account,
                    "bill_street", "Åboulevarden 12", "ship_street", "Åboulevarden 12"));
        }

        @Test
        void referenceAcceptsReadsTheTargetsFromDescribe() {
            assertThat(client.referenceAccepts("ModComments", "related_to", "Invoice")).isFalse();
            assertThat(client.referenceAccepts("ModComments", "related_to", "Accounts")).isTrue();
            assertThat(client.referenceAccepts("Documents", "folderid", "DocumentFolders")).isTrue();
            assertThat(client.referenceAccepts("Invoice", "account_id", "Contacts")).isFalse();
            // a field describe does not list (not in this CRM, or hidden from the API user) accepts nothing
            assertThat(client.referenceAccepts("ModComments", "no_such_field", "Invoice")).isFalse();
            // an admin adds the comments widget to invoices: seen once the describe cache is cleared
            sim.commentsOnInvoice(true);
            client.clearDescribeCache();
            assertThat(client.referenceAccepts("ModComments", "related_to", "Invoice")).isTrue();
        }

        @Test
        void aCommentOnAnInvoiceIsARejectedReferenceOnStockVtiger() {
            assertThatThrownBy(() -> client.createComment(invoice, "Betaling modtaget"))
                    .isInstanceOfSatisfying(CrmValidationException.class, e -> {
                        assertThat(e.code()).isEqualTo("REFERENCE_INVALID");
                        assertThat(e.field()).isEqualTo("related_to");
                    });
            assertThat(sim.records("ModComments")).isEmpty();
        }

        @Test
        void commentsAreWrittenAndReadBackFieldByField() {
            sim.commentsOnInvoice(true);
            Map<String, Object> created = client.createComment(invoice,
                    "Betaling modtaget 03-11-2026: 1.250,00 kr. (Dinero) [dinero:8f1c-2b] <æøå> & \"citat\"");
            assertThat((String) created.get("id")).startsWith("36x");
            Map<String, Object> stored = sim.get((String) created.get("id"));
            assertThat(stored.get("commentcontent"))
                    .isEqualTo("Betaling modtaget 03-11-2026: 1.250,00 kr. (Dinero) [dinero:8f1c-2b] <æøå> & \"citat\"");
            assertThat(stored.get("related_to")).isEqualTo(invoice);
            assertThat(stored.get("assigned_user_id")).isEqualTo("19x1");
            assertThat(stored.get("creator")).isEqualTo("19x1");

            client.createComment(invoice, "Anden betaling");
            client.createComment(account, "Ikke på fakturaen");
            List<Map<String, Object>> comments = client.comments(invoice);
            assertThat(comments).extracting(c -> c.get("commentcontent")).containsExactly(
                    "Betaling modtaget 03-11-2026: 1.250,00 kr. (Dinero) [dinero:8f1c-2b] <æøå> & \"citat\"",
                    "Anden betaling");
            assertThat(comments).extracting(c -> c.get("related_to")).containsOnly(invoice);
        }

        @Test
        void commentsOfARecordAreReadPastShortPages() {
            sim.commentsOnInvoice(true);
            for (int i = 0; i < 230; i++) {
                sim.put("ModComments", Map.of("commentcontent", (i % 9 == 4 ? "skjult " : "Betaling ") + i,
                        "related_to", invoice));
            }
            sim.put("ModComments", Map.of("commentcontent", "Andetsteds", "related_to", account));
            // rows the API user may not see are dropped after the limit: pages come back short
            sim.hideFromApiUser(r -> String.valueOf(r.get("commentcontent")).startsWith("skjult"));
            List<Map<String, Object>> comments = client.comments(invoice);
            assertThat(comments).hasSize(230 - 26);
            assertThat(comments).extracting(c -> c.get("commentcontent")).contains("Betaling 0", "Betaling 228")
                    .doesNotContain("Andetsteds");
        }

        @Test
        void bareCrmidsAndBlankTextAreRefused() {
            String crmid = invoice.substring(invoice.indexOf('x') + 1);
            assertThatThrownBy(() -> client.comments(crmid)).isInstanceOfSatisfying(CrmInvalidIdException.class,
                    e -> assertThat(e.crmMessage()).isEqualTo("Id specified is incorrect"));
            assertThatThrownBy(() -> client.createComment(invoice, " ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("commentcontent");
            assertThatThrownBy(() -> client.createComment("", "Tekst")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("related_to");
            assertThat(sim.requestLog().countOperation("create")).isZero();
        }

        @Test
        void anExternalDocumentIsCreatedAndFoundByItsUrl() {
            String url = "https://sync.example/api/invoices/" + invoice + "/pdf";
            Map<String, Object> created = client.createExternalDocument("Faktura 1042 (Dinero)", url, "Faktura 1042, bogført i Dinero");
            String id = (String) created.get("id");
            assertThat(id).startsWith("15x");
            Map<String, Object> stored = sim.get(id);
            assertThat(stored.get("notes_title")).isEqualTo("Faktura 1042 (Dinero)");
            assertThat(stored.get("filelocationtype")).isEqualTo("E");
            assertThat(stored.get("filename")).isEqualTo(url);
            assertThat(stored.get("filestatus")).isEqualTo("1");
            assertThat(stored.get("folderid")).isEqualTo("22x1");
            assertThat(stored.get("notecontent")).isEqualTo("Faktura 1042, bogført i Dinero");
            assertThat(stored.get("assigned_user_id")).isEqualTo("19x1");

            client.createExternalDocument("Anden", "https://sync.example/api/invoices/9x1/pdf", "");
            assertThat(client.documentsByUrl(url)).extracting(d -> d.get("id")).containsExactly(id);
            assertThat(client.documentsByUrl("https://sync.example/none")).isEmpty();
            assertThatThrownBy(() -> client.createExternalDocument("Uden skema", "sync.example/x.pdf", ""))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filename");
            assertThatThrownBy(() -> client.createExternalDocument(" ", url, ""))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("notes_title");
        }

        @Test
        void addRelatedThenRelatedIdsShowsTheDocumentOnTheInvoice() {
            String doc = (String) client.createExternalDocument("Faktura 1042 (Dinero)", "https://sync.example/a.pdf", "")
                    .get("id");
            assertThat(client.relatedIds(invoice, "Documents", "Documents")).isEmpty();
            client.addRelated(invoice, doc, "Documents");
            client.addRelated(invoice, doc, "Documents");
            assertThat(client.relatedIds(invoice, "Documents", "Documents")).containsExactly(doc);
        }

        @Test
        void addRelatedWithoutARelationSucceedsSilentlySoOnlyRelatedIdsTells() {
            String contact = sim.put("Contacts", Map.of("lastname", "Holm"));
            client.addRelated(invoice, contact, "Contacts"); // no exception: the CRM says "successfull"
            String doc = (String) client.createExternalDocument("Faktura", "https://sync.example/b.pdf", "").get("id");
            client.addRelated(invoice, doc, "Attachments");
            assertThat(client.relatedIds(invoice, "Documents", "Documents")).isEmpty();
            assertThatThrownBy(() -> client.relatedIds(invoice, "Contacts", "Contacts"))
                    .isInstanceOfSatisfying(CrmException.class, e -> {
                        assertThat(e.code()).isEqualTo("UNKOWN_ENTITY");
                        assertThat(e).isNotInstanceOf(CrmLacksOperationException.class);
                    });
        }

        @Test
        void disabledRelationOperationsAreUnsupportedNotAnOutage() {
            String doc = (String) client.createExternalDocument("Faktura", "https://sync.example/c.pdf", "").get("id");
            dk.simplydinero.model.SideState state = new dk.simplydinero.model.SideState(Clock.systemUTC(), true);
            client.reportTo(state);
            client.listTypes();
            assertThat(state.current().status().isGreen()).isTrue();
            sim.addRelatedEnabled(false);
            assertThatThrownBy(() -> client.addRelated(invoice, doc, "Documents"))
                    .isInstanceOfSatisfying(CrmLacksOperationException.class, e -> {
                        assertThat(e.operation()).isEqualTo("add_related");
                        assertThat(e.getMessage()).contains("does not support the operation add_related");
                    });
            // asked once (not retried as a transport problem), and the CRM stays green
            assertThat(sim.requestLog().countOperation("add_related")).isEqualTo(1);
            assertThat(state.current().status().isGreen()).as(state.current().status().message()).isTrue();
            // the same when the server's PHP error pages come as HTTP 500
            sim.phpErrorStatus(500);
            assertThatThrownBy(() -> client.addRelated(invoice, doc, "Documents"))
                    .isInstanceOf(CrmLacksOperationException.class);
            sim.relatedQueriesEnabled(false);
            assertThatThrownBy(() -> client.relatedIds(invoice, "Documents", "Documents"))
                    .isInstanceOfSatisfying(CrmLacksOperationException.class,
                            e -> assertThat(e.operation()).isEqualTo("query_related"));
            assertThat(sim.requestLog().countOperation("query_related")).isEqualTo(1);
            assertThat(state.current().status().isGreen()).isTrue();
            // a server that answers in JSON that it does not know the operation
            sim.overrideAnswer("add_related", p -> SimResponse.json(200,
                    "{\"success\":false,\"error\":{\"code\":\"UNKNOWN_OPERATION\",\"message\":\"Unknown operation requested\"}}"));
            assertThatThrownBy(() -> client.addRelated(invoice, doc, "Documents"))
                    .isInstanceOf(CrmLacksOperationException.class);
        }

        @Test
        void aRealOutageDuringAddRelatedStaysTransient() {
            String doc = (String) client.createExternalDocument("Faktura", "https://sync.example/d.pdf", "").get("id");
            sim.faults().serverErrorShare(1.0);
            assertThatThrownBy(() -> client.addRelated(invoice, doc, "Documents"))
                    .isInstanceOf(CrmTransientException.class).isNotInstanceOf(CrmLacksOperationException.class);
        }

        private static boolean isOperation(SimRequest r, String operation) {
            return operation.equals(r.query().get("operation")) || operation.equals(r.form().get("operation"));
        }

        /** Calls the client method that sends {@code operation}: add_related, else query_related. */
        private void callWith(String operation, String doc) {
            if ("add_related".equals(operation)) {
                client.addRelated(invoice, doc, "Documents");
            } else {
                client.isRelated(invoice, doc, "Documents", "Documents");
            }
        }

        @ParameterizedTest(name = "{0} answered {1}")
        @CsvSource({"add_related, HTML", "add_related, TRUNCATED_JSON", "query_related, HTML",
                "query_related, TRUNCATED_JSON"})
        void aGarbledAnswerToARelationOperationIsTransientNotUnsupported(String operation, Faults.Malformed kind) {
            String doc = (String) client.createExternalDocument("Faktura", "https://sync.example/g.pdf", "").get("id");
            client.addRelated(invoice, doc, "Documents");
            sim.faults().malformedAnswers(r -> isOperation(r, operation), kind, -1);
            sim.requestLog().clear();

            assertThatThrownBy(() -> callWith(operation, doc))
                    .isInstanceOfSatisfying(CrmTransientException.class, e -> {
                        assertThat(e).isNotInstanceOf(CrmLacksOperationException.class);
                        assertThat(e.operation()).isEqualTo(operation);
                        assertThat(e.kind()).isEqualTo(CrmTransientException.Kind.NOT_JSON);
                    });
            // tried again as any other transport problem
            assertThat(sim.requestLog().countOperation(operation)).isEqualTo(client.guard().maxAttempts());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"add_related", "query_related"})
        void aPhpFatalErrorAsHttp500InARelationOperationIsTransientNotUnsupported(String operation) {
            String doc = (String) client.createExternalDocument("Faktura", "https://sync.example/h.pdf", "").get("id");
            sim.overrideAnswer(operation, p -> SimResponse.text(500, "text/html; charset=UTF-8", "<br />\n<b>Fatal error</b>:"
                    + "  Uncaught Error: Call to a member function fetch_row() on bool in /var/www/html/include/database/"
                    + "PearDatabase.php:623<br />\n"));

            assertThatThrownBy(() -> callWith(operation, doc))
                    .isInstanceOfSatisfying(CrmTransientException.class, e -> {
                        assertThat(e).isNotInstanceOf(CrmLacksOperationException.class);
                        assertThat(e.httpStatus()).isEqualTo(500);
                    });
            assertThat(sim.requestLog().countOperation(operation)).isEqualTo(client.guard().maxAttempts());
        }

        @Test
        void isRelatedAsksTheCrmForTheOneRecord() {
            String doc = (String) client.createExternalDocument("Faktura", "https://sync.example/i.pdf", "").get("id");
            String other = (String) client.createExternalDocument("Anden", "https://sync.example/j.pdf", "").get("id");
            assertThat(client.isRelated(invoice, doc, "Documents", "Documents")).isFalse();
            client.addRelated(invoice, doc, "Documents");
            sim.requestLog().clear();

            assertThat(client.isRelated(invoice, doc, "Documents", "Documents")).isTrue();
            assertThat(client.isRelated(invoice, other, "Documents", "Documents")).isFalse();
            assertThat(sim.requestLog().countOperation("query_related")).isEqualTo(2);
        }

        @Test
        void isRelatedSeesTheDocumentBehindHundredsOfOthersSomeHidden() {
            List<String> docs = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                String doc = sim.put("Documents", Map.of("notes_title", "Bilag " + i, "filelocationtype", "E",
                        "filename", "https://sync.example/" + i + ".pdf", "folderid", "22x1"));
                docs.add(doc);
                client.addRelated(invoice, doc, "Documents");
            }
            sim.hideFromApiUser(r -> "Bilag 3".equals(r.get("notes_title")));

            assertThat(client.isRelated(invoice, docs.get(149), "Documents", "Documents")).isTrue();
            assertThat(client.isRelated(invoice, docs.get(3), "Documents", "Documents")).isFalse();
        }

        @Test
        void relatedIdsFindsEveryVisibleOneWhenHiddenRowsShortenAPage() {
            // 101 related, one of the first hundred hidden from the API user: a query's first 100 rows are cut to 99
            // after the limit, which a cap check on the row count took for the whole answer.
            List<String> docs = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                String doc = sim.put("Documents", Map.of("notes_title", "Bilag " + i, "filelocationtype", "E",
                        "filename", "https://sync.example/" + i + ".pdf", "folderid", "22x1"));
                docs.add(doc);
                client.addRelated(invoice, doc, "Documents");
            }
            sim.hideFromApiUser(r -> "Bilag 7".equals(r.get("notes_title")));
            List<String> visible = new ArrayList<>(docs);
            visible.remove(7);

            List<String> found = client.relatedIds(invoice, "Documents", "Documents");

            assertThat(found).hasSize(100).containsExactlyElementsOf(visible);
            assertThat(found).contains(docs.get(100));
        }

        @Test
        void aDocumentIsCreatedWithoutAFolderWhenTheFolderModuleCannotBeDescribed() {
            sim.hideModuleFromApiUser("DocumentFolders");

            Map<String, Object> created = client.createExternalDocument("Faktura 1042 (Dinero)",
                    "https://sync.example/k.pdf", "");

            Map<String, Object> stored = sim.get((String) created.get("id"));
            assertThat(stored.get("notes_title")).isEqualTo("Faktura 1042 (Dinero)");
            assertThat(stored.get("filename")).isEqualTo("https://sync.example/k.pdf");
            assertThat(stored.get("folderid")).isEqualTo("");
        }

        @Test
        void theFolderModuleIsTheOneDescribeNamesForFolderid() {
            // describe Documents says which module folderid refers to; its prefix comes from that module's describe
            Map<String, Object> created = client.createExternalDocument("Faktura", "https://sync.example/l.pdf", "");

            assertThat(sim.get((String) created.get("id")).get("folderid")).isEqualTo("22x1");
            assertThat(sim.requestLog().entries().stream().filter(e -> "describe".equals(e.operation()))
                    .map(e -> e.query().get("elementType")).toList()).contains("Documents", "DocumentFolders");
        }

        @Test
        void relatedIdsPagesPastTheQueryCap() {
            // a full page of 100 no longer ends in RELATED_CAP: the ids are read page by page up to an empty page
            List<String> docs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String doc = (String) client.createExternalDocument("Bilag " + i, "https://sync.example/" + i + ".pdf", "")
                        .get("id");
                docs.add(doc);
                client.addRelated(invoice, doc, "Documents");
            }
            sim.requestLog().clear();

            assertThat(client.relatedIds(invoice, "Documents", "Documents")).containsExactlyElementsOf(docs);
            assertThat(sim.requestLog().countOperation("query_related")).isEqualTo(2);
        }
    }

    /** The connection check: green with the demo credentials, red with a reason a user can act on. */
    @Nested
    class ConnectionCheck {

        @Test
        void greenOnDemoCredentials() {
            SideStatus status = client.checkConnection();
            assertThat(status.isGreen()).as(status.message()).isTrue();
            assertThat(status.message()).contains("admin").contains("7.1.0");
            assertThat(sim.requestLog().countOperation("getchallenge")).isEqualTo(1);
            assertThat(sim.requestLog().countOperation("login")).isEqualTo(1);
        }

        @Test
        void redForAWrongAccessKey() {
            String wrongKey = "WrongKey12345678";
            SideStatus status = new SimplyCrmClient(props(sim.baseUrl(), wrongKey)).checkConnection();
            assertThat(status.isGreen()).isFalse();
            assertThat(status.message()).contains("wrong username or access key (INVALID_USER_CREDENTIALS)")
                    .doesNotContain(wrongKey);
        }

        @Test
        void redForAnUnknownUser() {
            SideStatus status = clientAs("nobody", CrmSimulator.DEMO_ACCESS_KEY).checkConnection();
            assertThat(status.isGreen()).isFalse();
            assertThat(status.message()).contains("does not know the user 'nobody'");
        }

        @Test
        void redUnreachableForAClosedPort() throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            SideStatus status = new SimplyCrmClient(props("http://127.0.0.1:" + port, CrmSimulator.DEMO_ACCESS_KEY))
                    .checkConnection();
            assertThat(status.isGreen()).isFalse();
            assertThat(status.message()).contains("unreachable").contains("127.0.0.1:" + port);
        }

        @Test
        void redForSomethingThatIsNotAVtigerWebservice() {
            SideStatus status = new SimplyCrmClient(props(sim.baseUrl() + "/not-crm", CrmSimulator.DEMO_ACCESS_KEY))
                    .checkConnection();
            assertThat(status.isGreen()).isFalse();
            assertThat(status.message()).contains("HTTP 404").contains("text/html");
            sim.answerHtml(true);
            SideStatus html = client.checkConnection();
            assertThat(html.message()).contains("does not answer like a Simply CRM").contains("HTTP 200");
        }
    }

    /** Access keys and session names stay out of logs, messages and toString, even when the CRM echoes them. */
    @Nested
    class SecretMasking {

        /** What the client logs, down to DEBUG, while open. */
        private static final class ClientLog implements AutoCloseable {

            private final Logger logger = (Logger) LoggerFactory.getLogger(SimplyCrmClient.class);
            private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
            private final Level before = logger.getLevel();

            ClientLog() {
                appender.start();
                logger.setLevel(Level.DEBUG);
                logger.addAppender(appender);
            }

            List<String> lines() {
                return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            }

            @Override
            public void close() {
                logger.detachAppender(appender);
                logger.setLevel(before);
            }
        }

        @Test
        void secretsNeverReachTheLog() {
            try (ClientLog log = new ClientLog()) {
                putContacts(120, "L");
                sim.expireSessionsAfterCalls(2);
                client.queryAll("Contacts", null);
                sim.faults().serverErrorShare(0.5);
                try {
                    client.retrieve("31x1");
                } catch (CrmException ignored) {
                    // either way
                }
                sim.faults().off();
                new SimplyCrmClient(props(sim.baseUrl(), "Another0Secret99")).checkConnection();
                List<String> sessions = sim.sessionNames();
                assertThat(log.lines()).isNotEmpty();
                for (String line : log.lines()) {
                    assertThat(line).doesNotContain(CrmSimulator.DEMO_ACCESS_KEY).doesNotContain("Another0Secret99")
                            .doesNotContain("sessionName").doesNotContain("accessKey")
                            .doesNotContainPattern("[0-9a-f]{24,}");
                    sessions.forEach(name -> assertThat(line).doesNotContain(name));
                }
            }
        }

        @Test
        void secretsStayOutOfMessagesAndToString() {
            SimplyCrmClient wrong = new SimplyCrmClient(props(sim.baseUrl(), "SecretKey9876543"));
            assertThat(wrong.toString()).doesNotContain("SecretKey9876543");
            assertThatThrownBy(wrong::listTypes).isInstanceOf(CrmLoginException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SecretKey9876543"));
            assertThat(client.toString()).doesNotContain(CrmSimulator.DEMO_ACCESS_KEY);
        }

        @Test
        void unparseableAnswersEchoingSecretsAreRedacted() {
            AtomicReference<String> loginKey = new AtomicReference<>();
            sim.overrideAnswer("login", p -> {
                loginKey.set(p.get("accessKey"));
                return SimResponse.text(200, "text/html", "<b>Fatal</b> key=" + p.get("accessKey"));
            });
            assertThatThrownBy(client::listTypes).isInstanceOfSatisfying(CrmTransientException.class, e -> {
                assertThat(e.kind()).isEqualTo(CrmTransientException.Kind.NOT_JSON);
                assertThat(loginKey.get()).hasSize(32);
                assertThat(e.getMessage()).contains("key=***").doesNotContain(loginKey.get());
            });
            sim.overrideAnswer("login", null);
            // The refused logins above count against the CRM's breaker; this test is about what the messages say.
            client.resilience(new ResilienceProperties()).retryDelay(Duration.ofMillis(10));

            client.listTypes();
            String session = sim.sessionNames().get(0);
            sim.overrideAnswer("query", p -> SimResponse.text(200, "text/html", "s=" + p.get("sessionName")));
            assertThatThrownBy(() -> client.query("SELECT * FROM Contacts;"))
                    .isInstanceOfSatisfying(CrmTransientException.class,
                            e -> assertThat(e.getMessage()).contains("s=***").doesNotContain(session));

            // the previous session: logout forgets it, its failure is logged
            try (ClientLog log = new ClientLog()) {
                sim.overrideAnswer("logout", p -> SimResponse.text(200, "text/html", "bye " + p.get("sessionName")));
                client.logout();
                assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("bye ***"));
                assertThat(log.lines()).allSatisfy(line -> assertThat(line).doesNotContain(session));
            }
        }
    }
}
