package dk.simplydinero.sandbox.crm;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The VTQL subset of the simulator, parsed directly. */
class CrmVtqlTest {

    private static boolean matches(String where, Map<String, String> row) {
        Vtql.Statement st = Vtql.parse("SELECT * FROM Contacts WHERE " + where + ";");
        return st.where().test(row::get);
    }

    private static boolean matchesLeftToRight(String where, Map<String, String> row) {
        Vtql.Statement st = Vtql.parse("SELECT * FROM Contacts WHERE " + where + ";", true);
        return st.where().test(row::get);
    }

    @Test
    void parsesTheParts() {
        Vtql.Statement st = Vtql.parse("select firstname, lastname from Contacts where modifiedtime > '2026-01-01 00:00:00' "
                + "order by modifiedtime desc limit 200, 50;");
        assertThat(st.module()).isEqualTo("Contacts");
        assertThat(st.columns()).containsExactly("firstname", "lastname");
        assertThat(st.orderBy()).containsExactly("modifiedtime");
        assertThat(st.descending()).isTrue();
        assertThat(st.offset()).isEqualTo(200);
        assertThat(st.limit()).isEqualTo(50);
        assertThat(st.referencedColumns()).contains("firstname", "lastname", "modifiedtime");
        assertThat(Vtql.parse("SELECT count(*) FROM Invoice;").count()).isTrue();
        assertThat(Vtql.parse("SELECT * FROM Products LIMIT 7;").limit()).isEqualTo(7);
    }

    @Test
    void andBindsTighterThanOr() {
        Map<String, String> row = Map.of("a", "1", "b", "0", "c", "0");
        // a=1 OR (b=1 AND c=1) → true; left-to-right ((a=1 OR b=1) AND c=1) would be false
        assertThat(matches("a = 1 OR b = 1 AND c = 1", row)).isTrue();
        assertThat(matches("b = 1 AND c = 1 OR a = 1", row)).isTrue();
        assertThat(matches("a = 1 AND b = 1 OR c = 1", row)).isFalse();
    }

    /** Simply's documentation: AND/OR left to right, so {@code a OR b AND c} is {@code (a OR b) AND c}. */
    @Test
    void andAndOrGoLeftToRightWhenAsked() {
        Map<String, String> row = Map.of("a", "1", "b", "0", "c", "0");
        assertThat(matchesLeftToRight("a = 1 OR b = 1 AND c = 1", row)).isFalse();
        assertThat(matchesLeftToRight("b = 1 AND c = 1 OR a = 1", row)).isTrue();
        assertThat(matchesLeftToRight("a = 1 AND b = 1 OR c = 1", row)).isFalse();
        assertThat(matchesLeftToRight("a = 1 OR b = 1 AND c = 0", row)).isTrue();
        // ((a=0 OR c=0) AND b=1) OR a=1: the last OR still saves it
        assertThat(matchesLeftToRight("a = 0 OR c = 0 AND b = 1 OR a = 1", row)).isTrue();
        // (((a=1 AND b=0) OR c=1) AND b=1): false; with AND tighter it would be true
        assertThat(matchesLeftToRight("a = 1 AND b = 0 OR c = 1 AND b = 1", row)).isFalse();
        assertThat(matches("a = 1 AND b = 0 OR c = 1 AND b = 1", row)).isTrue();
        assertThat(matchesLeftToRight("a = 1", row)).isTrue();
    }

    /**
     * The keyset condition of a non-admin's change pages, after the row at 08:00:01 with crmid 9: written with the
     * tie-break first it means the same under both readings; written with it last, left to right drops the rows
     * with a later time but a lower id.
     */
    @Test
    void theKeysetConditionWithTheTieBreakFirstMeansTheSameUnderBothReadings() {
        String tieBreakFirst = "modifiedtime = '2026-05-01 08:00:01' AND id > '12x9' OR "
                + "modifiedtime > '2026-05-01 08:00:01'";
        String tieBreakLast = "modifiedtime > '2026-05-01 08:00:01' OR "
                + "modifiedtime = '2026-05-01 08:00:01' AND id > '12x9'";
        Map<String, String> laterLowerId = Map.of("modifiedtime", "2026-05-01 08:00:02", "id", "12x3");
        Map<String, String> sameTimeHigherId = Map.of("modifiedtime", "2026-05-01 08:00:01", "id", "12x10");
        Map<String, String> sameTimeLowerId = Map.of("modifiedtime", "2026-05-01 08:00:01", "id", "12x8");
        for (String where : List.of(tieBreakFirst, tieBreakLast)) {
            assertThat(matches(where, laterLowerId)).as(where).isTrue();
            assertThat(matches(where, sameTimeHigherId)).as(where).isTrue();
            assertThat(matches(where, sameTimeLowerId)).as(where).isFalse();
        }
        assertThat(matchesLeftToRight(tieBreakFirst, laterLowerId)).isTrue();
        assertThat(matchesLeftToRight(tieBreakFirst, sameTimeHigherId)).isTrue();
        assertThat(matchesLeftToRight(tieBreakFirst, sameTimeLowerId)).isFalse();
        assertThat(matchesLeftToRight(tieBreakLast, laterLowerId)).isFalse();
    }

    @Test
    void operators() {
        Map<String, String> row = Map.of("n", "10.50000000", "s", "Østergaard", "id", "31x12");
        assertThat(matches("n > 9", row)).isTrue();
        assertThat(matches("n >= 10.5", row)).isTrue();
        assertThat(matches("n < 10.5", row)).isFalse();
        assertThat(matches("n <= 10.5", row)).isTrue();
        assertThat(matches("n != 10.5", row)).isFalse();
        assertThat(matches("s = 'østergaard'", row)).isTrue();
        assertThat(matches("s LIKE '%gaard'", row)).isTrue();
        assertThat(matches("s LIKE 'Ø_tergaard'", row)).isTrue();
        assertThat(matches("s IN ('a', 'Østergaard')", row)).isTrue();
        assertThat(matches("id > '31x9'", row)).isTrue();
        assertThat(matches("s = 'O''Brien'", Map.of("s", "O'Brien"))).isTrue();
    }

    @Test
    void aNameWithACharacterTheLexerDoesNotKnowIsNotASyntaxErrorButAQuotedOneIsAValue() {
        assertThatThrownBy(() -> Vtql.parse("SELECT subject, shipping_&_handling FROM Invoice LIMIT 1;"))
                .isInstanceOf(Vtql.LexError.class);
        assertThatThrownBy(() -> Vtql.parse("SELECT * FROM Invoice WHERE shipping_&_handling > 0;"))
                .isInstanceOf(Vtql.LexError.class);
        assertThat(matches("s = 'A & B'", Map.of("s", "A & B"))).isTrue();
        assertThat(matches("s = \"Træ & Tømrer\"", Map.of("s", "træ & tømrer"))).isTrue();
    }

    @Test
    void syntaxErrors() {
        assertThatThrownBy(() -> Vtql.parse("SELECT * FROM Contacts"))
                .hasMessage("Syntax Error on line 1: token 'Contacts' Unexpected End of Input(0), expected one of: SEMICOLON");
        assertThatThrownBy(() -> Vtql.parse("SELECT * FROM Contacts LIMIT 0,100"))
                .hasMessageContaining("token '100' Unexpected End of Input(0), expected one of: SEMICOLON");
        assertThatThrownBy(() -> Vtql.parse("SELECT * FROM Contacts WHERE (a = 1);")).isInstanceOf(Vtql.SyntaxError.class);
        assertThatThrownBy(() -> Vtql.parse("SELECT * FROM Contacts; SELECT")).isInstanceOf(Vtql.SyntaxError.class);
        assertThatThrownBy(() -> Vtql.parse("SELECT FROM Contacts;")).isInstanceOf(Vtql.SyntaxError.class);
    }
}
