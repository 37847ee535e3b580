package dk.simplydinero.sandbox.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's own behaviour over raw HTTP: the traps of the real vtiger 7 webservice. */
class CrmSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private CrmSimulator sim;
    private String session;

    @BeforeEach
    void start() throws Exception {
        sim = new CrmSimulator().start(0);
        session = login(CrmSimulator.DEMO_USERNAME, CrmSimulator.DEMO_ACCESS_KEY);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    // ---- login ---------------------------------------------------------------------------------------

    @Test
    void loginWithMd5OfTokenAndKey() throws Exception {
        JsonNode challenge = get(Map.of("operation", "getchallenge", "username", "admin")).path("result");
        assertThat(challenge.path("token").asText()).isNotEmpty();
        assertThat(challenge.path("expireTime").asLong() - challenge.path("serverTime").asLong()).isEqualTo(300);
        JsonNode login = post(Map.of("operation", "login", "username", "admin",
                "accessKey", CrmSimulator.md5(challenge.path("token").asText() + CrmSimulator.DEMO_ACCESS_KEY)));
        assertThat(login.path("success").asBoolean()).isTrue();
        assertThat(login.path("result").path("userId").asText()).isEqualTo("19x1");
        assertThat(login.path("result").path("vtigerVersion").asText()).isEqualTo("7.1.0");
    }

    @Test
    void loginErrors() throws Exception {
        String token = get(Map.of("operation", "getchallenge", "username", "admin")).path("result").path("token").asText();
        assertThat(code(post(Map.of("operation", "login", "username", "admin", "accessKey", CrmSimulator.md5(token + "wrong")))))
                .isEqualTo("INVALID_USER_CREDENTIALS");
        // a token is not used up by login
        assertThat(post(Map.of("operation", "login", "username", "admin",
                "accessKey", CrmSimulator.md5(token + CrmSimulator.DEMO_ACCESS_KEY))).path("success").asBoolean()).isTrue();
        assertThat(post(Map.of("operation", "login", "username", "admin",
                "accessKey", CrmSimulator.md5(token + CrmSimulator.DEMO_ACCESS_KEY))).path("success").asBoolean()).isTrue();
        // login sent as GET: parameters ignored
        assertThat(code(get(Map.of("operation", "login", "username", "admin",
                "accessKey", CrmSimulator.md5(token + CrmSimulator.DEMO_ACCESS_KEY))))).isEqualTo("INVALID_AUTH_TOKEN");
        // a newer getchallenge replaces the token
        get(Map.of("operation", "getchallenge", "username", "admin"));
        assertThat(code(post(Map.of("operation", "login", "username", "admin",
                "accessKey", CrmSimulator.md5(token + CrmSimulator.DEMO_ACCESS_KEY))))).isEqualTo("INVALID_USER_CREDENTIALS");
        assertThat(code(get(Map.of("operation", "getchallenge", "username", "nobody")))).isEqualTo("ACCESS_DENIED");
        assertThat(code(post(Map.of("operation", "login", "username", "nobody", "accessKey", "x")))).isEqualTo("INVALID_AUTH_TOKEN");
    }

    @Test
    void sessionErrors() throws Exception {
        assertThat(code(get(Map.of("operation", "listtypes", "sessionName", "nope")))).isEqualTo("INVALID_SESSIONID");
        assertThat(get(Map.of("operation", "listtypes", "sessionName", "nope")).path("error").path("message").asText())
                .isEqualTo("Session Identifier provided is Invalid");
        assertThat(code(get(Map.of("operation", "listtypes")))).isEqualTo("AUTHENTICATION_REQUIRED");
        sim.expireSessionsAfterCalls(2);
        assertThat(get(Map.of("operation", "listtypes", "sessionName", session)).path("success").asBoolean()).isTrue();
        assertThat(get(Map.of("operation", "listtypes", "sessionName", session)).path("success").asBoolean()).isTrue();
        assertThat(code(get(Map.of("operation", "listtypes", "sessionName", session)))).isEqualTo("INVALID_SESSIONID");
        sim.expireSessionsAfterCalls(0);
        String s2 = login("admin", CrmSimulator.DEMO_ACCESS_KEY);
        sim.expireAllSessions();
        assertThat(code(get(Map.of("operation", "listtypes", "sessionName", s2)))).isEqualTo("INVALID_SESSIONID");
    }

    @Test
    void idleSessionsExpireWithTheClock() throws Exception {
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        sim.setClock(Clock.fixed(t0, ZoneOffset.UTC));
        String s = login("admin", CrmSimulator.DEMO_ACCESS_KEY);
        sim.setClock(Clock.fixed(t0.plusSeconds(31 * 60), ZoneOffset.UTC));
        assertThat(code(get(Map.of("operation", "listtypes", "sessionName", s)))).isEqualTo("SESSION_LEFT_IDLE");
    }

    // ---- transport -----------------------------------------------------------------------------------

    @Test
    void phpErrorPagesInsteadOfJson() throws Exception {
        assertThat(raw("GET", "operation=nosuchop", null, null).body()).contains("Fatal error");
        assertThat(raw("GET", "", null, null).headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        HttpResponse<String> jsonBody = raw("POST", "", "{\"operation\":\"listtypes\",\"sessionName\":\"" + session + "\"}",
                "application/json");
        assertThat(jsonBody.body()).contains("Fatal error");
        assertThat(raw("GET", form(Map.of("operation", "sync", "sessionName", session, "modifiedTime", "10")), null, null)
                .body()).contains("Fatal error");
        for (String t : List.of("0", "", "2026-01-01 00:00:00")) {
            assertThat(raw("GET", form(Map.of("operation", "sync", "sessionName", session, "elementType", "Contacts",
                    "modifiedTime", t)), null, null).body()).contains("Fatal error");
        }
    }

    @Test
    void aJsonBodyIsAPhpErrorEvenWithTheOperationInTheQueryString() throws Exception {
        HttpResponse<String> answer = raw("POST", form(Map.of("operation", "create", "sessionName", session)),
                "{\"elementType\":\"Contacts\",\"element\":{\"lastname\":\"Json\"}}", "application/json");
        assertThat(answer.body()).contains("Fatal error");
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(sim.records("Contacts")).isEmpty();
    }

    @Test
    void queriesWithoutOrderByComeBackShuffled() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(sim.put("Contacts", Map.of("lastname", "Q" + i)));
        }
        List<String> unordered = new ArrayList<>();
        result(query("SELECT * FROM Contacts;")).forEach(r -> unordered.add(r.path("id").asText()));
        assertThat(unordered).containsExactlyInAnyOrderElementsOf(ids).isNotEqualTo(ids);
        List<String> ordered = new ArrayList<>();
        result(query("SELECT * FROM Contacts ORDER BY id;")).forEach(r -> ordered.add(r.path("id").asText()));
        assertThat(ordered).isEqualTo(ids);
    }

    @Test
    void reviseCanBeSwitchedOff() throws Exception {
        String id = sim.put("Contacts", Map.of("lastname", "R"));
        sim.reviseEnabled(false);
        HttpResponse<String> answer = raw("POST", "", form(Map.of("operation", "revise", "sessionName", session,
                "element", JSON.writeValueAsString(Map.of("id", id, "firstname", "X")))), "application/x-www-form-urlencoded");
        assertThat(answer.body()).contains("Fatal error").contains("Operation revise is invalid");
        assertThat(sim.get(id).get("firstname")).isNotEqualTo("X");
    }

    @Test
    void parametersSentTheOtherWayAreIgnored() throws Exception {
        // describe is GET: a describe POST with elementType in the body does not see it
        JsonNode answer = post(Map.of("operation", "describe", "sessionName", session, "elementType", "Contacts"));
        assertThat(answer.path("success").asBoolean()).isFalse();
        assertThat(get(Map.of("operation", "describe", "sessionName", session, "elementType", "Contacts"))
                .path("success").asBoolean()).isTrue();
    }

    // ---- describe / ids ------------------------------------------------------------------------------

    @Test
    void describeGivesNonStandardPrefixesAndTheCustomField() throws Exception {
        JsonNode d = result(get(Map.of("operation", "describe", "sessionName", session, "elementType", "Accounts")));
        assertThat(d.path("idPrefix").asText()).isEqualTo("23");
        Set<String> names = new HashSet<>();
        d.path("fields").forEach(f -> names.add(f.path("name").asText()));
        assertThat(names).contains("accountname", "bill_country", "cf_853", "assigned_user_id", "id");
        try (CrmSimulator other = new CrmSimulator(Map.of("Contacts", 77))) {
            assertThat(other.idPrefix("Contacts")).isEqualTo(77);
        }
    }

    @Test
    void idErrors() throws Exception {
        String account = sim.put("Accounts", Map.of("accountname", "Ørsted Test"));
        String crmid = account.substring(account.indexOf('x') + 1);
        JsonNode wrongModule = get(Map.of("operation", "retrieve", "sessionName", session, "id", "31x" + crmid));
        assertThat(code(wrongModule)).isEqualTo("INVALID_ID_ATTRIBUTE");
        assertThat(wrongModule.path("error").path("message").asText()).isEqualTo("Id specified is incorrect");
        JsonNode missing = get(Map.of("operation", "retrieve", "sessionName", session, "id", "23x99999"));
        assertThat(code(missing)).isEqualTo("ACCESS_DENIED");
        assertThat(missing.path("error").path("message").asText()).isEqualTo("Permission to perform the operation is denied");
        assertThat(get(Map.of("operation", "retrieve", "sessionName", session, "id", "42")).path("error").path("message")
                .asText()).endsWith("denied for id");
        assertThat(code(post(Map.of("operation", "delete", "sessionName", session, "id", "23x99999")))).isEqualTo("ACCESS_DENIED");
    }

    // ---- query ---------------------------------------------------------------------------------------

    @Test
    void queryNeedsTheSemicolon() throws Exception {
        JsonNode answer = query("SELECT * FROM Contacts");
        assertThat(code(answer)).isEqualTo("QUERY_SYNTAX_ERROR");
        assertThat(answer.path("error").path("message").asText()).isEqualTo(
                "Syntax Error on line 1: token 'Contacts' Unexpected End of Input(0), expected one of: SEMICOLON");
    }

    @Test
    void unknownColumnIsAccessDenied() throws Exception {
        JsonNode answer = query("SELECT * FROM Contacts WHERE nosuchfield = 'x';");
        assertThat(code(answer)).isEqualTo("ACCESS_DENIED");
        assertThat(answer.path("error").path("message").asText()).isEqualTo("Permission to access '.nosuchfield.' attribute denied.");
    }

    @Test
    void invoiceDescribeHasTheRealFieldsAndAQueryNamingAnAmpersandColumnFailsAsOnARealVtiger() throws Exception {
        JsonNode d = result(get(Map.of("operation", "describe", "sessionName", session, "elementType", "Invoice")));
        Set<String> names = new HashSet<>();
        d.path("fields").forEach(f -> names.add(f.path("name").asText()));
        assertThat(names).contains("subject", "salesorder_id", "customerno", "vtiger_purchaseorder", "txtAdjustment",
                "salescommission", "exciseduty", "hdnDiscountAmount", "hdnDiscountPercent", "hdnS_H_Amount",
                "hdnS_H_Percent", "pre_tax_total", "terms_conditions", "description", "region_id",
                "shipping_&_handling", "shipping_&_handling_shtax1", "shipping_&_handling_shtax2",
                "shipping_&_handling_shtax3");
        String account = sim.put("Accounts", Map.of("accountname", "Nordisk Træ & Tømrer ApS"));
        String product = sim.put("Products", Map.of("productname", "Widget", "unit_price", "10"));
        sim.put("Invoice", Map.of("subject", "Reparation & service", "account_id", account, "bill_street", "a",
                "ship_street", "b"), List.of(Map.of("productid", product, "quantity", "1", "listprice", "10")));

        // Checked on a real vtiger 7 server: the name cannot be lexed, and the answer is not a syntax error.
        for (String q : List.of("SELECT subject, shipping_&_handling FROM Invoice LIMIT 1;",
                "SELECT subject FROM Invoice WHERE shipping_&_handling_shtax1 = '0';",
                "SELECT subject FROM Invoice ORDER BY shipping_&_handling;")) {
            JsonNode refused = query(q);
            assertThat(code(refused)).as(q).isEqualTo("INTERNAL_SERVER_ERROR");
            assertThat(refused.path("error").path("message").asText()).as(q)
                    .isEqualTo("Unknown Error while processing request");
        }
        // A quoted value with & is fine.
        JsonNode accounts = result(query("SELECT id, accountname FROM Accounts WHERE accountname = 'Nordisk Træ & Tømrer ApS';"));
        assertThat(accounts.size()).isEqualTo(1);
        assertThat(accounts.get(0).path("id").asText()).isEqualTo(account);
        JsonNode invoices = result(query("SELECT subject, hdnS_H_Amount FROM Invoice WHERE subject = 'Reparation & service';"));
        assertThat(invoices.size()).isEqualTo(1);
        assertThat(invoices.get(0).path("subject").asText()).isEqualTo("Reparation & service");
    }

    @Test
    void atMost100RowsAndCountAsString() throws Exception {
        for (int i = 0; i < 150; i++) {
            sim.put("Contacts", Map.of("lastname", "Person " + i));
        }
        assertThat(result(query("SELECT * FROM Contacts LIMIT 0,500;")).size()).isEqualTo(100);
        assertThat(result(query("SELECT * FROM Contacts;")).size()).isEqualTo(100);
        assertThat(result(query("SELECT * FROM Contacts ORDER BY id LIMIT 100,100;")).size()).isEqualTo(50);
        assertThat(result(query("SELECT count(*) FROM Contacts;")).get(0).path("count").asText()).isEqualTo("150");
        JsonNode projected = result(query("SELECT lastname FROM Contacts LIMIT 1;")).get(0);
        assertThat(projected.has("lastname")).isTrue();
        assertThat(projected.has("id")).isTrue();
        assertThat(projected.has("firstname")).isFalse();
    }

    @Test
    void andBindsTighterThanOrAndOperators() throws Exception {
        sim.put("Contacts", Map.of("firstname", "Åse", "lastname", "A", "mailingcity", "Odense"));
        sim.put("Contacts", Map.of("firstname", "Bo", "lastname", "B", "mailingcity", "Aarhus"));
        sim.put("Contacts", Map.of("firstname", "Cai", "lastname", "C", "mailingcity", "Odense"));
        // a OR (b AND c): A matches by the first term; B fails the AND; C matches neither
        assertThat(lastnames("SELECT * FROM Contacts WHERE lastname = 'A' OR lastname = 'B' AND mailingcity = 'Odense' ORDER BY lastname;"))
                .containsExactly("A");
        assertThat(lastnames("SELECT * FROM Contacts WHERE mailingcity = 'Odense' AND lastname = 'C' OR lastname = 'B' ORDER BY lastname;"))
                .containsExactly("B", "C");
        assertThat(lastnames("SELECT * FROM Contacts WHERE lastname IN ('A','C') ORDER BY lastname DESC;")).containsExactly("C", "A");
        assertThat(lastnames("SELECT * FROM Contacts WHERE firstname LIKE 'å%';")).containsExactly("A");
        assertThat(lastnames("SELECT * FROM Contacts WHERE lastname != 'A' ORDER BY lastname;")).containsExactly("B", "C");
        assertThat(code(query("SELECT * FROM Contacts WHERE (lastname = 'A');"))).isEqualTo("QUERY_SYNTAX_ERROR");
    }

    /** The knob for Simply's documented reading: AND and OR strictly left to right, over HTTP. */
    @Test
    void andAndOrGoLeftToRightWhenSwitchedOn() throws Exception {
        sim.put("Contacts", Map.of("firstname", "Åse", "lastname", "A", "mailingcity", "Odense"));
        sim.put("Contacts", Map.of("firstname", "Bo", "lastname", "B", "mailingcity", "Aarhus"));
        sim.put("Contacts", Map.of("firstname", "Cai", "lastname", "C", "mailingcity", "Odense"));
        String cOrAAndAarhus = "SELECT * FROM Contacts WHERE lastname = 'C' OR lastname = 'A' AND "
                + "mailingcity = 'Aarhus' ORDER BY lastname;";
        String countBOrAAndOdense = "SELECT count(*) FROM Contacts WHERE lastname = 'B' OR lastname = 'A' AND "
                + "mailingcity = 'Odense';";
        String aarhusAndBOrC = "SELECT * FROM Contacts WHERE mailingcity = 'Aarhus' AND lastname = 'B' OR "
                + "lastname = 'C' ORDER BY lastname;";
        // the default, a real vtiger 7: C OR (A AND Aarhus); B OR (A AND Odense)
        assertThat(lastnames(cOrAAndAarhus)).containsExactly("C");
        assertThat(result(query(countBOrAAndOdense)).get(0).path("count").asText()).isEqualTo("2");

        sim.andOrLeftToRight(true);
        // (C OR A) AND Aarhus: neither is in Aarhus
        assertThat(lastnames(cOrAAndAarhus)).isEmpty();
        // (B OR A) AND Odense: A only
        assertThat(result(query(countBOrAAndOdense)).get(0).path("count").asText()).isEqualTo("1");
        // (Aarhus AND B) OR C: the same under both readings
        assertThat(lastnames(aarhusAndBOrC)).containsExactly("B", "C");

        sim.andOrLeftToRight(false);
        assertThat(lastnames(cOrAAndAarhus)).containsExactly("C");
        assertThat(lastnames(aarhusAndBOrC)).containsExactly("B", "C");
    }

    /**
     * Keyset paging as a non-admin reads the changes: vtiger's grammar takes a column list after ORDER BY (one
     * direction after it, the last column's), and turns an {@code id} in WHERE into its crmid, compared as a number
     * ({@code 4x10} after {@code 4x9}, where text would put it before).
     */
    @Test
    void orderByTakesAColumnListAndIdsCompareAsNumbers() throws Exception {
        Instant t0 = Instant.parse("2026-05-01T08:00:00Z");
        sim.setClock(Clock.fixed(t0.plusSeconds(1), ZoneOffset.UTC));
        List<String> late = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            late.add(sim.put("Contacts", Map.of("lastname", "L" + i)));
        }
        sim.setClock(Clock.fixed(t0, ZoneOffset.UTC));
        String early = sim.put("Contacts", Map.of("lastname", "E"));

        assertThat(lastnames("SELECT lastname FROM Contacts ORDER BY modifiedtime,id;"))
                .containsExactly("E", "L0", "L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8", "L9", "L10", "L11");
        assertThat(lastnames("SELECT lastname FROM Contacts WHERE modifiedtime = '2026-05-01 08:00:01' ORDER BY modifiedtime,id DESC LIMIT 3;"))
                .containsExactly("L11", "L10", "L9");
        // after L8 (crmid 9) at 08:00:01: L9 (crmid 10) and up; "modifiedtime = … AND id > …" is one term of the OR
        assertThat(lastnames("SELECT lastname FROM Contacts WHERE modifiedtime > '2026-05-01 08:00:01' OR "
                + "modifiedtime = '2026-05-01 08:00:01' AND id > '" + late.get(8) + "' ORDER BY modifiedtime,id;"))
                .containsExactly("L9", "L10", "L11");
        assertThat(lastnames("SELECT lastname FROM Contacts WHERE modifiedtime > '2026-05-01 08:00:00' OR "
                + "modifiedtime = '2026-05-01 08:00:00' AND id > '" + early + "' ORDER BY modifiedtime,id LIMIT 2;"))
                .containsExactly("L0", "L1");
    }

    @Test
    void hiddenRowsAreDroppedAfterTheLimit() throws Exception {
        for (int i = 0; i < 100; i++) {
            sim.put("Contacts", Map.of("lastname", "P" + i, "department", i % 4 == 0 ? "secret" : ""));
        }
        sim.hideFromApiUser(r -> "secret".equals(r.get("department")));
        assertThat(result(query("SELECT * FROM Contacts ORDER BY id LIMIT 0,100;")).size()).isEqualTo(75);
    }

    @Test
    void selectStarOnInvoiceJoinsLinesAndHasNoLineItems() throws Exception {
        String product = sim.put("Products", Map.of("productname", "Widget", "unit_price", "12.5"));
        String account = sim.put("Accounts", Map.of("accountname", "Kunde"));
        sim.put("Invoice", Map.of("subject", "S", "account_id", account, "bill_street", "a", "ship_street", "b"),
                List.of(Map.of("productid", product, "quantity", "2", "listprice", "12.5", "tax1", "25"),
                        Map.of("productid", product, "quantity", "1", "listprice", "10")));
        JsonNode rows = result(query("SELECT * FROM Invoice;"));
        assertThat(rows.size()).isEqualTo(2);
        assertThat(rows.get(0).has("LineItems")).isFalse();
        assertThat(result(query("SELECT count(*) FROM Invoice;")).get(0).path("count").asText()).isEqualTo("1");
        assertThat(result(query("SELECT subject FROM Invoice;")).size()).isEqualTo(1);
    }

    // ---- values, create, update ----------------------------------------------------------------------

    @Test
    void invoiceCreateComputesTotalsAndRetrieveGivesStrings() throws Exception {
        String product = sim.put("Products", Map.of("productname", "Widget", "unit_price", "12.5", "qtyinstock", "10"));
        String account = sim.put("Accounts", Map.of("accountname", "Kunde"));
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("subject", "Test");
        element.put("account_id", account);
        element.put("bill_street", "Vej 1");
        element.put("ship_street", "Vej 1");
        element.put("assigned_user_id", "19x1");
        element.put("productid", product);
        element.put("LineItems", List.of(
                Map.of("productid", product, "quantity", "2", "listprice", "12.50", "tax1", "25", "comment", "first line"),
                Map.of("productid", product, "quantity", "1", "listprice", "100", "discount_percent", "10", "tax1", "99")));
        JsonNode created = result(post(Map.of("operation", "create", "sessionName", session, "elementType", "Invoice",
                "element", JSON.writeValueAsString(element))));
        // subtotal 25 + 90 = 115; group tax from the first line only: 25 % → 143.75
        assertThat(created.path("hdnGrandTotal").isNumber()).isTrue();
        assertThat(created.path("hdnGrandTotal").asDouble()).isEqualTo(143.75);
        assertThat(created.path("invoicestatus").asText()).isEmpty();
        assertThat(created.path("invoice_no").asText()).isEqualTo("INV1");
        JsonNode read = result(get(Map.of("operation", "retrieve", "sessionName", session, "id", created.path("id").asText())));
        assertThat(read.path("hdnGrandTotal").asText()).isEqualTo("143.75000000");
        assertThat(read.path("balance").asText()).isEqualTo("143.75000000");
        JsonNode line = read.path("LineItems").get(0);
        assertThat(line.path("parent_id").asText()).isEqualTo("2xArray");
        assertThat(line.path("quantity").asText()).isEqualTo("2.000");
        assertThat(line.path("listprice").asText()).isEqualTo("12.50000000");
        assertThat(line.path("product_name").asText()).isEqualTo("Widget");
        assertThat(sim.get(product).get("qtyinstock")).isEqualTo("7.000");

        // update with LineItems: [] keeps the lines; revise blanks hdnTaxType
        Map<String, Object> update = new LinkedHashMap<>(element);
        update.put("id", created.path("id").asText());
        update.put("LineItems", List.of());
        JsonNode updated = result(post(Map.of("operation", "update", "sessionName", session,
                "element", JSON.writeValueAsString(update))));
        assertThat(updated.path("LineItems").size()).isEqualTo(2);
        JsonNode revised = result(post(Map.of("operation", "revise", "sessionName", session,
                "element", JSON.writeValueAsString(Map.of("id", created.path("id").asText(), "subject", "Ny")))));
        assertThat(revised.path("hdnTaxType").asText()).isEmpty();
        assertThat(revised.path("subject").asText()).isEqualTo("Ny");
    }

    @Test
    void createValidation() throws Exception {
        JsonNode missing = post(Map.of("operation", "create", "sessionName", session, "elementType", "Contacts",
                "element", "{\"firstname\":\"Åse\",\"assigned_user_id\":\"19x1\"}"));
        assertThat(code(missing)).isEqualTo("MANDATORY_FIELDS_MISSING");
        assertThat(missing.path("error").path("message").asText()).contains("lastname");
        assertThat(code(post(Map.of("operation", "create", "sessionName", session, "elementType", "Contacts",
                "element", "{\"lastname\":\"L\",\"assigned_user_id\":\"19x1\",\"account_id\":\"31x1\"}"))))
                .isEqualTo("REFERENCE_INVALID");
        JsonNode dangling = result(post(Map.of("operation", "create", "sessionName", session, "elementType", "Contacts",
                "element", "{\"lastname\":\"L\",\"assigned_user_id\":\"19x1\",\"account_id\":\"23x9999\"}")));
        assertThat(dangling.path("account_id").asText()).isEmpty();
        assertThat(dangling.path("contact_no").asText()).startsWith("CON");
        assertThat(dangling.path("modifiedby").asText()).isEqualTo("19x1");
    }

    // ---- sync ----------------------------------------------------------------------------------------

    @Test
    void syncPagesHoldTheWholeBoundarySecond() throws Exception {
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        sim.setClock(Clock.fixed(t0, ZoneOffset.UTC));
        for (int i = 0; i < 50; i++) {
            sim.put("Contacts", Map.of("lastname", "early" + i));
        }
        sim.setClock(Clock.fixed(t0.plusSeconds(1), ZoneOffset.UTC));
        for (int i = 0; i < 106; i++) {
            sim.put("Contacts", Map.of("lastname", "same" + i));
        }
        sim.setClock(Clock.fixed(t0.plusSeconds(2), ZoneOffset.UTC));
        sim.put("Contacts", Map.of("lastname", "late"));
        String session2 = login("admin", CrmSimulator.DEMO_ACCESS_KEY);
        JsonNode page = result(get(Map.of("operation", "sync", "sessionName", session2, "elementType", "Contacts",
                "modifiedTime", "1", "syncType", "application")));
        assertThat(page.path("updated").size()).isEqualTo(156);
        assertThat(page.path("more").asBoolean()).isTrue();
        assertThat(page.path("lastModifiedTime").asLong()).isEqualTo(t0.getEpochSecond() + 1);
        JsonNode next = result(get(Map.of("operation", "sync", "sessionName", session2, "elementType", "Contacts",
                "modifiedTime", page.path("lastModifiedTime").asText(), "syncType", "application")));
        assertThat(next.path("updated").size()).isEqualTo(1);
        assertThat(next.path("more").asBoolean()).isFalse();
        JsonNode empty = result(get(Map.of("operation", "sync", "sessionName", session2, "elementType", "Contacts",
                "modifiedTime", "1999999999", "syncType", "application")));
        assertThat(empty.path("lastModifiedTime").asLong()).isEqualTo(1999999999L);
    }

    @Test
    void syncDeletedAndNonAdmin() throws Exception {
        String a = sim.put("Contacts", Map.of("lastname", "Admin's"));
        sim.remove(a);
        String userId = sim.addUser("sync", "0123456789abcdef", false);
        sim.put("Contacts", Map.of("lastname", "Mine", "assigned_user_id", userId));
        String userSession = login("sync", "0123456789abcdef");
        assertThat(get(Map.of("operation", "sync", "sessionName", userSession, "elementType", "Contacts",
                "modifiedTime", "1", "syncType", "application")).path("error").path("message").asText())
                .isEqualTo("Only admin users can perform application sync");
        JsonNode own = result(get(Map.of("operation", "sync", "sessionName", userSession, "elementType", "Contacts",
                "modifiedTime", "1")));
        assertThat(own.path("updated").size()).isEqualTo(1);
        JsonNode all = result(get(Map.of("operation", "sync", "sessionName", session, "elementType", "Contacts",
                "modifiedTime", "1", "syncType", "application")));
        assertThat(all.path("deleted").get(0).asText()).isEqualTo(a);
    }

    @Test
    void seedDemoDataIsRealistic() {
        sim.seedDemoData();
        assertThat(sim.records("Accounts")).hasSizeGreaterThanOrEqualTo(12)
                .anySatisfy(r -> assertThat((String) r.get("cf_853")).startsWith("DK"))
                .anySatisfy(r -> assertThat(r.get("bill_country")).isEqualTo("Norge"));
        assertThat(sim.records("Contacts")).hasSizeGreaterThanOrEqualTo(15)
                .anySatisfy(r -> assertThat(r.get("phone")).isEqualTo(""));
        assertThat(sim.records("Products")).hasSizeGreaterThanOrEqualTo(10);
        List<Map<String, Object>> invoices = sim.records("Invoice");
        assertThat(invoices).hasSizeGreaterThanOrEqualTo(6);
        assertThat(invoices).allSatisfy(i -> {
            assertThat((List<?>) i.get("LineItems")).isNotEmpty();
            assertThat((String) i.get("account_id")).startsWith("23x");
            assertThat((String) i.get("hdnGrandTotal")).matches("\\d+\\.\\d{8}");
        });
    }

    @Test
    void hiddenFieldsAndDuplicatePrevention() throws Exception {
        sim.hideField("Accounts", "bill_country");
        String id = sim.put("Accounts", Map.of("accountname", "Skjult", "bill_country", "Denmark"));
        JsonNode d = result(get(Map.of("operation", "describe", "sessionName", session, "elementType", "Accounts")));
        d.path("fields").forEach(f -> assertThat(f.path("name").asText()).isNotEqualTo("bill_country"));
        assertThat(result(get(Map.of("operation", "retrieve", "sessionName", session, "id", id))).path("bill_country").asText())
                .isEmpty();
        assertThat(code(query("SELECT * FROM Accounts WHERE bill_country = 'DK';"))).isEqualTo("ACCESS_DENIED");

        sim.rejectDuplicates("Accounts", "accountname");
        JsonNode dup = post(Map.of("operation", "create", "sessionName", session, "elementType", "Accounts",
                "element", "{\"accountname\":\"skjult\",\"assigned_user_id\":\"19x1\"}"));
        assertThat(dup.path("error").path("code").isInt()).isTrue();
        assertThat(dup.path("error").path("message").asText()).isEqualTo("Duplicate(s) detected!");
    }

    @Test
    void logoutAndExtendSession() throws Exception {
        JsonNode extended = result(post(Map.of("operation", "extendsession", "sessionName", session)));
        assertThat(extended.path("sessionName").asText()).isEqualTo(session);
        assertThat(result(post(Map.of("operation", "logout", "sessionName", session))).path("message").asText()).isNotEmpty();
        assertThat(code(get(Map.of("operation", "listtypes", "sessionName", session)))).isEqualTo("INVALID_SESSIONID");
        assertThat(sim.requestLog().countOperation("logout")).isEqualTo(1);
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private List<String> lastnames(String q) throws Exception {
        List<String> out = new ArrayList<>();
        result(query(q)).forEach(r -> out.add(r.path("lastname").asText()));
        return out;
    }

    private JsonNode query(String q) throws Exception {
        return get(Map.of("operation", "query", "sessionName", session, "query", q));
    }

    private String login(String user, String key) throws Exception {
        String token = get(Map.of("operation", "getchallenge", "username", user)).path("result").path("token").asText();
        return result(post(Map.of("operation", "login", "username", user, "accessKey", CrmSimulator.md5(token + key))))
                .path("sessionName").asText();
    }

    private static JsonNode result(JsonNode answer) {
        assertThat(answer.path("success").asBoolean()).as("success of %s", answer).isTrue();
        return answer.path("result");
    }

    private static String code(JsonNode answer) {
        assertThat(answer.path("success").asBoolean()).isFalse();
        return answer.path("error").path("code").asText();
    }

    private JsonNode get(Map<String, String> params) throws Exception {
        return JSON.readTree(raw("GET", form(params), null, null).body());
    }

    private JsonNode post(Map<String, String> params) throws Exception {
        return JSON.readTree(raw("POST", "", form(params), "application/x-www-form-urlencoded").body());
    }

    private HttpResponse<String> raw(String method, String query, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.webserviceUrl() + (query.isEmpty() ? "" : "?" + query)));
        if ("POST".equals(method)) {
            b.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.GET();
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String form(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }
}
