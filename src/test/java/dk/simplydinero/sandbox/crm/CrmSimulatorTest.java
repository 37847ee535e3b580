package dk.simplydinero.sandbox.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
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

    // ---- issue 14: ModComments, Documents, add_related / retrieve_related / query_related ----------------

    /** Comments on records (vtiger's ModComments), external-URL Documents and the relation operations. */
    @Nested
    class CommentsAndDocuments {

        private String account;
        private String invoice;

        @BeforeEach
        void records() {
            account = sim.put("Accounts", Map.of("accountname", "Østergaard & Søn ApS"));
            invoice = sim.put("Invoice", Map.of("subject", "Faktura 1042", "account_id", account,
                    "bill_street", "Åboulevarden 12", "ship_street", "Åboulevarden 12"));
        }

        private JsonNode createComment(String relatedTo, String text) throws Exception {
            JsonNode element = JSON.createObjectNode().put("commentcontent", text).put("assigned_user_id", "19x1")
                    .put("related_to", relatedTo);
            return post(Map.of("operation", "create", "sessionName", session, "elementType", "ModComments",
                    "element", element.toString()));
        }

        private JsonNode createDocument(String title, String url) throws Exception {
            JsonNode element = JSON.createObjectNode().put("notes_title", title).put("assigned_user_id", "19x1")
                    .put("filelocationtype", "E").put("filename", url).put("filestatus", "1").put("folderid", "22x1")
                    .put("notecontent", "Faktura 1042 (Dinero)");
            return post(Map.of("operation", "create", "sessionName", session, "elementType", "Documents",
                    "element", element.toString()));
        }

        private JsonNode field(JsonNode describe, String name) {
            for (JsonNode f : describe.path("fields")) {
                if (name.equals(f.path("name").asText())) {
                    return f;
                }
            }
            throw new AssertionError("describe has no field " + name + ": " + describe);
        }

        private List<String> refersTo(JsonNode field) {
            List<String> out = new ArrayList<>();
            field.path("type").path("refersTo").forEach(t -> out.add(t.asText()));
            return out;
        }

        @Test
        void describeModCommentsAsStockVtiger() throws Exception {
            JsonNode d = result(get(Map.of("operation", "describe", "sessionName", session, "elementType", "ModComments")));
            assertThat(d.path("name").asText()).isEqualTo("ModComments");
            assertThat(d.path("idPrefix").asText()).isEqualTo("36");
            JsonNode content = field(d, "commentcontent");
            assertThat(content.path("mandatory").asBoolean()).isTrue();
            assertThat(content.path("type").path("name").asText()).isEqualTo("text");
            assertThat(field(d, "assigned_user_id").path("mandatory").asBoolean()).isTrue();
            assertThat(field(d, "assigned_user_id").path("type").path("name").asText()).isEqualTo("owner");
            JsonNode related = field(d, "related_to");
            assertThat(related.path("mandatory").asBoolean()).isTrue();
            assertThat(related.path("type").path("name").asText()).isEqualTo("reference");
            assertThat(refersTo(related)).containsExactly("Leads", "Contacts", "Accounts", "Potentials", "Project",
                    "ProjectTask", "HelpDesk", "Faq");
            assertThat(field(d, "creator").path("editable").asBoolean()).isFalse();
            assertThat(refersTo(field(d, "creator"))).containsExactly("Users");
            assertThat(refersTo(field(d, "parent_comments"))).containsExactly("ModComments");
            assertThat(field(d, "createdtime").path("editable").asBoolean()).isFalse();
            assertThat(field(d, "modifiedtime").path("editable").asBoolean()).isFalse();

            sim.commentsOnInvoice(true);
            JsonNode after = result(get(Map.of("operation", "describe", "sessionName", session, "elementType", "ModComments")));
            assertThat(refersTo(field(after, "related_to"))).containsExactly("Leads", "Contacts", "Accounts", "Potentials",
                    "Project", "ProjectTask", "HelpDesk", "Faq", "Invoice");
        }

        @Test
        void aCommentOnAnInvoiceIsRefusedUnlessAnAdminAddedTheWidget() throws Exception {
            JsonNode refused = createComment(invoice, "Betaling modtaget");
            assertThat(code(refused)).isEqualTo("REFERENCE_INVALID");
            assertThat(refused.path("error").path("message").asText()).isEqualTo("Invalid reference specified for related_to");
            assertThat(sim.records("ModComments")).isEmpty();

            sim.commentsOnInvoice(true);
            JsonNode created = result(createComment(invoice, "Betaling modtaget 03-11-2026: 1.250,00 kr. <Dinero> & \"ø\" 'x'"));
            assertThat(created.path("id").asText()).startsWith("36x");
            assertThat(created.path("commentcontent").asText())
                    .isEqualTo("Betaling modtaget 03-11-2026: 1.250,00 kr. <Dinero> & \"ø\" 'x'");
            assertThat(created.path("related_to").asText()).isEqualTo(invoice);
            assertThat(created.path("assigned_user_id").asText()).isEqualTo("19x1");
            assertThat(created.path("creator").asText()).isEqualTo("19x1");
            JsonNode read = result(get(Map.of("operation", "retrieve", "sessionName", session, "id", created.path("id").asText())));
            assertThat(read.path("commentcontent").asText())
                    .isEqualTo("Betaling modtaget 03-11-2026: 1.250,00 kr. <Dinero> & \"ø\" 'x'");
            assertThat(read.path("related_to").asText()).isEqualTo(invoice);
            // stored HTML-encoded: a WHERE sees the encoded text, the answer the decoded one
            assertThat(result(query("SELECT id FROM ModComments WHERE commentcontent LIKE '%<Dinero>%';"))).isEmpty();
            assertThat(result(query("SELECT id FROM ModComments WHERE commentcontent LIKE '%&lt;Dinero&gt;%';"))).hasSize(1);
        }

        @Test
        void aCommentNeedsItsMandatoryFieldsAndAnAllowedReference() throws Exception {
            JsonNode noText = post(Map.of("operation", "create", "sessionName", session, "elementType", "ModComments",
                    "element", "{\"assigned_user_id\":\"19x1\",\"related_to\":\"" + account + "\"}"));
            assertThat(code(noText)).isEqualTo("MANDATORY_FIELDS_MISSING");
            assertThat(noText.path("error").path("message").asText()).isEqualTo("commentcontent does not have a value");
            JsonNode noParent = post(Map.of("operation", "create", "sessionName", session, "elementType", "ModComments",
                    "element", "{\"assigned_user_id\":\"19x1\",\"commentcontent\":\"Hej\"}"));
            assertThat(noParent.path("error").path("message").asText()).isEqualTo("related_to does not have a value");
            JsonNode product = createComment(sim.put("Products", Map.of("productname", "Widget")), "Hej");
            assertThat(code(product)).isEqualTo("REFERENCE_INVALID");
            // stock targets work: an organization
            assertThat(result(createComment(account, "Ringet op")).path("related_to").asText()).isEqualTo(account);
        }

        @Test
        void commentsOfOneRecordByQueryWithTheFullId() throws Exception {
            sim.commentsOnInvoice(true);
            String other = sim.put("Invoice", Map.of("subject", "Faktura 1043", "account_id", account,
                    "bill_street", "Vej 1", "ship_street", "Vej 1"));
            String first = result(createComment(invoice, "Første [dinero:a1]")).path("id").asText();
            String second = result(createComment(invoice, "Anden [dinero:b2]")).path("id").asText();
            result(createComment(other, "Tredje"));
            result(createComment(account, "Fjerde"));

            JsonNode rows = result(query("SELECT id, commentcontent FROM ModComments WHERE related_to = '" + invoice
                    + "' ORDER BY id LIMIT 0,100;"));
            List<String> ids = new ArrayList<>();
            rows.forEach(r -> ids.add(r.path("id").asText()));
            assertThat(ids).containsExactly(first, second);
            assertThat(rows.get(0).path("commentcontent").asText()).isEqualTo("Første [dinero:a1]");
            // a bare crmid is not an id vtiger's query parser takes for a reference
            String crmid = invoice.substring(invoice.indexOf('x') + 1);
            JsonNode bare = query("SELECT id FROM ModComments WHERE related_to = '" + crmid + "';");
            assertThat(code(bare)).isEqualTo("INVALID_ID_ATTRIBUTE");
            assertThat(bare.path("error").path("message").asText()).isEqualTo("Id specified is incorrect");
            assertThat(result(query("SELECT count(*) FROM ModComments WHERE related_to = '" + invoice + "';"))
                    .get(0).path("count").asText()).isEqualTo("2");
        }

        @Test
        void aCommentLeavesTheInvoicesModifiedTimeAloneUnlessTheKnobSaysOtherwise() throws Exception {
            sim.commentsOnInvoice(true);
            Instant t0 = Instant.parse("2026-11-03T10:00:00Z");
            sim.setClock(Clock.fixed(t0, ZoneOffset.UTC));
            String inv = sim.put("Invoice", Map.of("subject", "Faktura 1044", "account_id", account,
                    "bill_street", "Vej 1", "ship_street", "Vej 1"));
            String s = login("admin", CrmSimulator.DEMO_ACCESS_KEY);
            session = s;
            sim.setClock(Clock.fixed(t0.plusSeconds(60), ZoneOffset.UTC));
            result(createComment(inv, "Betaling modtaget"));
            assertThat(sim.get(inv).get("modifiedtime")).isEqualTo("2026-11-03 10:00:00");

            sim.commentsTouchParent(true);
            sim.setClock(Clock.fixed(t0.plusSeconds(120), ZoneOffset.UTC));
            result(createComment(inv, "Betaling modtaget igen"));
            assertThat(sim.get(inv).get("modifiedtime")).isEqualTo("2026-11-03 10:02:00");
        }

        @Test
        void describeDocumentsAndTheirFolders() throws Exception {
            JsonNode d = result(get(Map.of("operation", "describe", "sessionName", session, "elementType", "Documents")));
            assertThat(d.path("idPrefix").asText()).isEqualTo("15");
            assertThat(field(d, "notes_title").path("mandatory").asBoolean()).isTrue();
            assertThat(field(d, "assigned_user_id").path("mandatory").asBoolean()).isTrue();
            assertThat(field(d, "filename").path("mandatory").asBoolean()).isFalse();
            assertThat(field(d, "filelocationtype").path("mandatory").asBoolean()).isFalse();
            assertThat(refersTo(field(d, "folderid"))).containsExactly("DocumentFolders");
            assertThat(field(d, "folderid").path("mandatory").asBoolean()).isFalse();
            assertThat(field(d, "notecontent").path("type").path("name").asText()).isEqualTo("text");
            assertThat(field(d, "filestatus").path("type").path("name").asText()).isEqualTo("boolean");
            assertThat(field(d, "note_no").path("editable").asBoolean()).isFalse();
            for (String f : List.of("fileversion", "filesize", "filetype", "filedownloadcount")) {
                field(d, f);
            }
            JsonNode folders = result(get(Map.of("operation", "describe", "sessionName", session, "elementType", "DocumentFolders")));
            assertThat(folders.path("idPrefix").asText()).isEqualTo("22");
            JsonNode folder = result(get(Map.of("operation", "retrieve", "sessionName", session, "id", "22x1")));
            assertThat(folder.path("foldername").asText()).isEqualTo("Default");
        }

        @Test
        void anExternalDocumentKeepsItsUrlAndGetsASchemeWhenItHasNone() throws Exception {
            JsonNode doc = result(createDocument("Faktura 1042 (Dinero)", "https://sync.example/api/invoices/" + invoice + "/pdf"));
            assertThat(doc.path("id").asText()).startsWith("15x");
            assertThat(doc.path("notes_title").asText()).isEqualTo("Faktura 1042 (Dinero)");
            assertThat(doc.path("filelocationtype").asText()).isEqualTo("E");
            assertThat(doc.path("filename").asText()).isEqualTo("https://sync.example/api/invoices/" + invoice + "/pdf");
            assertThat(doc.path("filesize").asText()).isEqualTo("0");
            assertThat(doc.path("filetype").asText()).isEmpty();
            assertThat(doc.path("filestatus").asText()).isEqualTo("1");
            assertThat(doc.path("folderid").asText()).isEqualTo("22x1");
            assertThat(doc.path("notecontent").asText()).isEqualTo("Faktura 1042 (Dinero)");
            assertThat(doc.path("note_no").asText()).isEqualTo("DOC1");

            JsonNode bare = result(createDocument("Uden skema", "sync.example/x.pdf"));
            assertThat(bare.path("filename").asText()).isEqualTo("http://sync.example/x.pdf");

            JsonNode found = result(query("SELECT id, filename FROM Documents WHERE filename = 'https://sync.example/api/invoices/"
                    + invoice + "/pdf';"));
            assertThat(found).hasSize(1);
            assertThat(found.get(0).path("id").asText()).isEqualTo(doc.path("id").asText());
            JsonNode noTitle = post(Map.of("operation", "create", "sessionName", session, "elementType", "Documents",
                    "element", "{\"assigned_user_id\":\"19x1\",\"filelocationtype\":\"E\",\"filename\":\"https://x\"}"));
            assertThat(noTitle.path("error").path("message").asText()).isEqualTo("notes_title does not have a value");
        }

        private JsonNode addRelated(String source, String related, String label) throws Exception {
            return post(Map.of("operation", "add_related", "sessionName", session, "sourceRecordId", source,
                    "relatedRecordId", related, "relationIdLabel", label));
        }

        private List<String> relatedIds(String id, String type, String label) throws Exception {
            List<String> out = new ArrayList<>();
            result(get(Map.of("operation", "retrieve_related", "sessionName", session, "id", id, "relatedType", type,
                    "relatedLabel", label))).forEach(r -> out.add(r.path("id").asText()));
            return out;
        }

        @Test
        void addRelatedRelatesADocumentToAnInvoiceOnceHoweverOftenItIsAsked() throws Exception {
            String doc = result(createDocument("Faktura 1042 (Dinero)", "https://sync.example/a.pdf")).path("id").asText();
            assertThat(relatedIds(invoice, "Documents", "Documents")).isEmpty();
            JsonNode answer = addRelated(invoice, doc, "Documents");
            assertThat(result(answer).path("message").asText()).isEqualTo("successfull");
            assertThat(result(addRelated(invoice, doc, "Documents")).path("message").asText()).isEqualTo("successfull");
            assertThat(relatedIds(invoice, "Documents", "Documents")).containsExactly(doc);
            // an empty label takes the first relation between the two modules
            String second = result(createDocument("Kopi", "https://sync.example/b.pdf")).path("id").asText();
            result(addRelated(invoice, second, ""));
            assertThat(relatedIds(invoice, "Documents", "Documents")).containsExactlyInAnyOrder(doc, second);
            // only over POST
            assertThat(code(get(Map.of("operation", "add_related", "sessionName", session, "sourceRecordId", invoice,
                    "relatedRecordId", doc, "relationIdLabel", "Documents")))).isNotEmpty();
        }

        @Test
        void addRelatedSaysSuccessfullEvenWhenNothingWasRelated() throws Exception {
            String contact = sim.put("Contacts", Map.of("lastname", "Østergaard"));
            assertThat(result(addRelated(invoice, contact, "Contacts")).path("message").asText()).isEqualTo("successfull");
            String doc = result(createDocument("Faktura", "https://sync.example/c.pdf")).path("id").asText();
            // a label the two modules have no relation under: silent as well
            assertThat(result(addRelated(invoice, doc, "Attachments")).path("message").asText()).isEqualTo("successfull");
            assertThat(relatedIds(invoice, "Documents", "Documents")).isEmpty();
            JsonNode noRelation = get(Map.of("operation", "retrieve_related", "sessionName", session, "id", invoice,
                    "relatedType", "Contacts", "relatedLabel", "Contacts"));
            assertThat(code(noRelation)).isEqualTo("UNKOWN_ENTITY");
            assertThat(noRelation.path("error").path("message").asText()).isEqualTo("Relation specified is incorrect");
            // a source that does not exist: a plain PHP exception, answered as an unknown error
            JsonNode missing = addRelated("9x999999", doc, "Documents");
            assertThat(code(missing)).isEqualTo("INTERNAL_SERVER_ERROR");
            assertThat(missing.path("error").path("message").asText()).isEqualTo("Unknown Error while processing request");
        }

        @Test
        void disabledRelationOperationsAnswerLikeAnUnknownOperation() throws Exception {
            String doc = result(createDocument("Faktura", "https://sync.example/d.pdf")).path("id").asText();
            sim.addRelatedEnabled(false);
            HttpResponse<String> answer = raw("POST", "", form(Map.of("operation", "add_related", "sessionName", session,
                    "sourceRecordId", invoice, "relatedRecordId", doc, "relationIdLabel", "Documents")),
                    "application/x-www-form-urlencoded");
            HttpResponse<String> unknown = raw("POST", "", form(Map.of("operation", "nosuchop", "sessionName", session)),
                    "application/x-www-form-urlencoded");
            assertThat(answer.body()).contains("Fatal error").contains("Operation add_related is invalid");
            assertThat(answer.body()).isEqualTo(unknown.body().replace("nosuchop", "add_related"));
            assertThat(answer.statusCode()).isEqualTo(unknown.statusCode());
            assertThat(answer.headers().firstValue("Content-Type")).isEqualTo(unknown.headers().firstValue("Content-Type"));
            sim.addRelatedEnabled(true);
            result(addRelated(invoice, doc, "Documents"));
            sim.relatedQueriesEnabled(false);
            assertThat(raw("GET", form(Map.of("operation", "retrieve_related", "sessionName", session, "id", invoice,
                    "relatedType", "Documents", "relatedLabel", "Documents")), null, null).body())
                    .contains("Operation retrieve_related is invalid");
            assertThat(raw("GET", form(Map.of("operation", "query_related", "sessionName", session, "id", invoice,
                    "query", "SELECT id FROM Documents", "relatedLabel", "Documents")), null, null).body())
                    .contains("Operation query_related is invalid");
        }

        @Test
        void queryRelatedAppendsTheSemicolonItself() throws Exception {
            String doc = result(createDocument("Faktura", "https://sync.example/e.pdf")).path("id").asText();
            String unrelated = result(createDocument("Anden", "https://sync.example/f.pdf")).path("id").asText();
            result(addRelated(invoice, doc, "Documents"));
            JsonNode rows = result(get(Map.of("operation", "query_related", "sessionName", session, "id", invoice,
                    "query", "SELECT id, filename FROM Documents", "relatedLabel", "Documents")));
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).path("id").asText()).isEqualTo(doc);
            assertThat(rows.get(0).path("filename").asText()).isEqualTo("https://sync.example/e.pdf");
            JsonNode where = result(get(Map.of("operation", "query_related", "sessionName", session, "id", invoice,
                    "query", "SELECT id FROM Documents WHERE filename LIKE '%.pdf'", "relatedLabel", "Documents")));
            assertThat(where).hasSize(1);
            assertThat(unrelated).isNotEqualTo(doc);

            JsonNode semicolon = get(Map.of("operation", "query_related", "sessionName", session, "id", invoice,
                    "query", "SELECT id FROM Documents WHERE filename LIKE '%.pdf';", "relatedLabel", "Documents"));
            assertThat(code(semicolon)).isEqualTo("QUERY_SYNTAX_ERROR");
            // right after the module name the ";" is read as part of it: no such relation
            JsonNode glued = get(Map.of("operation", "query_related", "sessionName", session, "id", invoice,
                    "query", "SELECT id FROM Documents;", "relatedLabel", "Documents"));
            assertThat(code(glued)).isEqualTo("UNKOWN_ENTITY");
            JsonNode wrongLabel = get(Map.of("operation", "query_related", "sessionName", session, "id", invoice,
                    "query", "SELECT id FROM Documents", "relatedLabel", "Attachments"));
            assertThat(code(wrongLabel)).isEqualTo("UNKOWN_ENTITY");
            // nothing related: [] without running the query, so even a broken one passes
            JsonNode none = result(get(Map.of("operation", "query_related", "sessionName", session, "id",
                    sim.put("Invoice", Map.of("subject", "Tom", "account_id", account, "bill_street", "V", "ship_street", "V")),
                    "query", "SELECT id FROM Documents WHERE filename = 'x';", "relatedLabel", "Documents")));
            assertThat(none).isEmpty();
        }
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
