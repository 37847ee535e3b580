package dk.simplydinero.sandbox.crm;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The subset of vtiger's VTQL the simulator understands:
 * {@code SELECT * | col, … | count(*) FROM Module [WHERE …] [ORDER BY col, … [ASC|DESC]] [LIMIT [offset,] n];}
 * with operators {@code = < > <= >= != <> IN LIKE}, AND binding tighter than OR (a real vtiger 7) or, when asked,
 * AND and OR applied strictly left to right (as Simply's documentation says), no parentheses, and a
 * mandatory trailing semicolon. Syntax errors read like vtiger's parser messages. As in vtiger's grammar
 * ({@code ORDERBY column_group clause}), ORDER BY takes a column list and one direction after it, which the SQL
 * it becomes applies to the last column only; {@code id} is compared and ordered by crmid, a number.
 * A character outside a quoted
 * value that VTQL's lexer does not know (such as the {@code &} of {@code shipping_&_handling}, a name describe gives)
 * is a {@link LexError}: vtiger's lexer throws a plain exception there, which the webservice answers as an unknown
 * error, not as a syntax error.
 */
final class Vtql {

    /** A parsed statement. {@code columns} is null for {@code *}. */
    record Statement(List<String> columns, boolean count, String module, Condition where, List<String> orderBy,
                     boolean descending, int offset, Integer limit, Set<String> referencedColumns,
                     List<Comparison> comparisons) {
    }

    /** A column compared with a literal in the WHERE ({@code =}, {@code <}, …, each value of an {@code IN}; not LIKE). */
    record Comparison(String column, String value) {
    }

    interface Condition {
        boolean test(Function<String, String> row);
    }

    static final class SyntaxError extends RuntimeException {
        SyntaxError(String message) {
            super(message);
        }
    }

    /** A character the lexer cannot read: vtiger answers {@code INTERNAL_SERVER_ERROR}, not a syntax error. */
    static final class LexError extends RuntimeException {
        LexError(String message) {
            super(message);
        }
    }

    private enum T { IDENT, STRING, NUMBER, SYMBOL }

    private record Token(T type, String text) {
    }

    private final List<Token> tokens;
    private final boolean leftToRight;
    private int pos;
    private final Set<String> referenced = new LinkedHashSet<>();
    private final List<Comparison> comparisons = new ArrayList<>();

    private Vtql(List<Token> tokens, boolean leftToRight) {
        this.tokens = tokens;
        this.leftToRight = leftToRight;
    }

    /** Parses with AND binding tighter than OR, as a real vtiger 7 does. */
    static Statement parse(String query) {
        return parse(query, false);
    }

    /**
     * Parses with AND binding tighter than OR, or with {@code leftToRight} AND and OR of one rank applied in the
     * order they come ({@code a OR b AND c} is {@code (a OR b) AND c}), as Simply's documentation reads.
     */
    static Statement parse(String query, boolean leftToRight) {
        return new Vtql(tokenize(query), leftToRight).statement();
    }

    private Statement statement() {
        keyword("SELECT");
        List<String> columns = new ArrayList<>();
        boolean count = false;
        if (peekSymbol("*")) {
            next();
            columns = null;
        } else if (peekKeyword("COUNT") && pos + 1 < tokens.size() && "(".equals(tokens.get(pos + 1).text())) {
            next();
            symbol("(");
            symbol("*");
            symbol(")");
            count = true;
            columns = null;
        } else {
            columns.add(ident("column"));
            while (peekSymbol(",")) {
                next();
                columns.add(ident("column"));
            }
            referenced.addAll(columns);
        }
        keyword("FROM");
        String module = ident("module");
        Condition where = null;
        if (peekKeyword("WHERE")) {
            next();
            where = leftToRight ? leftToRight() : or();
        }
        List<String> orderBy = List.of();
        boolean desc = false;
        if (peekKeyword("ORDER")) {
            next();
            keyword("BY");
            List<String> order = new ArrayList<>();
            order.add(ident("column"));
            while (peekSymbol(",")) {
                next();
                order.add(ident("column"));
            }
            orderBy = List.copyOf(order);
            referenced.addAll(orderBy);
            if (peekKeyword("ASC")) {
                next();
            } else if (peekKeyword("DESC")) {
                next();
                desc = true;
            }
        }
        int offset = 0;
        Integer limit = null;
        if (peekKeyword("LIMIT")) {
            next();
            int first = number();
            if (peekSymbol(",")) {
                next();
                offset = first;
                limit = number();
            } else {
                limit = first;
            }
        }
        symbol(";");
        if (pos < tokens.size()) {
            throw unexpected(tokens.get(pos), "END OF INPUT");
        }
        return new Statement(columns, count, module, where, orderBy, desc, offset, limit, Set.copyOf(referenced),
                List.copyOf(comparisons));
    }

    private Condition leftToRight() {
        Condition condition = predicate();
        while (peekKeyword("AND") || peekKeyword("OR")) {
            boolean and = peekKeyword("AND");
            next();
            Condition left = condition;
            Condition right = predicate();
            condition = and ? row -> left.test(row) && right.test(row) : row -> left.test(row) || right.test(row);
        }
        return condition;
    }

    private Condition or() {
        List<Condition> parts = new ArrayList<>();
        parts.add(and());
        while (peekKeyword("OR")) {
            next();
            parts.add(and());
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return row -> parts.stream().anyMatch(c -> c.test(row));
    }

    private Condition and() {
        List<Condition> parts = new ArrayList<>();
        parts.add(predicate());
        while (peekKeyword("AND")) {
            next();
            parts.add(predicate());
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return row -> parts.stream().allMatch(c -> c.test(row));
    }

    private Condition predicate() {
        String column = ident("column");
        referenced.add(column);
        if (peekKeyword("IN")) {
            next();
            symbol("(");
            List<String> values = new ArrayList<>();
            values.add(value());
            while (peekSymbol(",")) {
                next();
                values.add(value());
            }
            symbol(")");
            values.forEach(v -> comparisons.add(new Comparison(column, v)));
            return row -> values.stream().anyMatch(v -> compare(column, row.apply(column), v) == 0);
        }
        if (peekKeyword("LIKE")) {
            next();
            Pattern pattern = likePattern(value());
            return row -> pattern.matcher(nullToEmpty(row.apply(column))).matches();
        }
        Token op = next();
        if (op == null) {
            throw endOfInput("EQ, LT, GT, LTE, GTE, NE, IN, LIKE");
        }
        String value = value();
        comparisons.add(new Comparison(column, value));
        switch (op.text()) {
            case "=":
                return row -> compare(column, row.apply(column), value) == 0;
            case "!=":
            case "<>":
                return row -> compare(column, row.apply(column), value) != 0;
            case "<":
                return row -> compare(column, row.apply(column), value) < 0;
            case ">":
                return row -> compare(column, row.apply(column), value) > 0;
            case "<=":
                return row -> compare(column, row.apply(column), value) <= 0;
            case ">=":
                return row -> compare(column, row.apply(column), value) >= 0;
            default:
                throw unexpected(op, "EQ, LT, GT, LTE, GTE, NE, IN, LIKE");
        }
    }

    /** Reference columns of ModComments and Documents whose names do not end in {@code _id}: compared by crmid too. */
    private static final Set<String> ID_COLUMNS = Set.of("related_to", "parent_comments", "creator", "folderid");

    /** Compares a stored value with a literal the way MySQL would for this data: numbers as numbers, ids by crmid, text case-insensitively. */
    static int compare(String column, String stored, String literal) {
        String a = nullToEmpty(stored);
        String b = nullToEmpty(literal);
        if ("id".equals(column) || column.endsWith("_id") || "productid".equals(column) || ID_COLUMNS.contains(column)) {
            Long ia = crmid(a);
            Long ib = crmid(b);
            if (ia != null && ib != null) {
                return Long.compare(ia, ib);
            }
        }
        BigDecimal na = number(a);
        BigDecimal nb = number(b);
        if (na != null && nb != null) {
            return na.compareTo(nb);
        }
        return a.toLowerCase(Locale.ROOT).compareTo(b.toLowerCase(Locale.ROOT));
    }

    private static Long crmid(String id) {
        int x = id.indexOf('x');
        String tail = x >= 0 ? id.substring(x + 1) : id;
        try {
            return Long.parseLong(tail);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigDecimal number(String s) {
        if (s.isEmpty() || !(Character.isDigit(s.charAt(0)) || s.charAt(0) == '-')) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Pattern likePattern(String like) {
        StringBuilder regex = new StringBuilder();
        for (char c : like.toCharArray()) {
            if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    // ---- token helpers -------------------------------------------------------------------------------

    private Token next() {
        return pos < tokens.size() ? tokens.get(pos++) : null;
    }

    private boolean peekKeyword(String keyword) {
        return pos < tokens.size() && tokens.get(pos).type() == T.IDENT
                && tokens.get(pos).text().equalsIgnoreCase(keyword);
    }

    private boolean peekSymbol(String symbol) {
        return pos < tokens.size() && tokens.get(pos).type() == T.SYMBOL && tokens.get(pos).text().equals(symbol);
    }

    private void keyword(String keyword) {
        if (pos >= tokens.size()) {
            throw endOfInput(keyword);
        }
        if (!peekKeyword(keyword)) {
            throw unexpected(tokens.get(pos), keyword);
        }
        pos++;
    }

    private void symbol(String symbol) {
        if (pos >= tokens.size()) {
            throw endOfInput(symbolName(symbol));
        }
        if (!peekSymbol(symbol)) {
            throw unexpected(tokens.get(pos), symbolName(symbol));
        }
        pos++;
    }

    private String ident(String what) {
        if (pos >= tokens.size()) {
            throw endOfInput(what.toUpperCase(Locale.ROOT));
        }
        Token t = tokens.get(pos);
        if (t.type() != T.IDENT) {
            throw unexpected(t, what.toUpperCase(Locale.ROOT));
        }
        pos++;
        return t.text();
    }

    private String value() {
        if (pos >= tokens.size()) {
            throw endOfInput("VALUE");
        }
        Token t = tokens.get(pos);
        if (t.type() == T.SYMBOL) {
            throw unexpected(t, "VALUE");
        }
        pos++;
        return t.text();
    }

    private int number() {
        if (pos >= tokens.size()) {
            throw endOfInput("NUMBER");
        }
        Token t = tokens.get(pos);
        if (t.type() != T.NUMBER) {
            throw unexpected(t, "NUMBER");
        }
        pos++;
        return Integer.parseInt(t.text());
    }

    private SyntaxError endOfInput(String expected) {
        String last = tokens.isEmpty() ? "" : tokens.get(tokens.size() - 1).text();
        return new SyntaxError("Syntax Error on line 1: token '" + last + "' Unexpected End of Input(0), expected one of: "
                + expected);
    }

    private SyntaxError unexpected(Token t, String expected) {
        return new SyntaxError("Syntax Error on line 1: token '" + t.text() + "' Unexpected " + t.type()
                + ", expected one of: " + expected);
    }

    private static String symbolName(String symbol) {
        switch (symbol) {
            case ";":
                return "SEMICOLON";
            case "(":
                return "PARENOPEN";
            case ")":
                return "PARENCLOSE";
            case ",":
                return "COMMA";
            case "*":
                return "ASTERISK";
            default:
                return symbol;
        }
    }

    private static List<Token> tokenize(String q) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = q.length();
        while (i < n) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = q.charAt(i);
                    if (d == '\\' && i + 1 < n) {
                        sb.append(q.charAt(i + 1));
                        i += 2;
                    } else if (d == c && i + 1 < n && q.charAt(i + 1) == c) {
                        sb.append(c);
                        i += 2;
                    } else if (d == c) {
                        i++;
                        closed = true;
                        break;
                    } else {
                        sb.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new SyntaxError("Syntax Error on line 1: unterminated string " + c + sb);
                }
                out.add(new Token(T.STRING, sb.toString()));
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < n && Character.isDigit(q.charAt(i + 1)))) {
                int start = i;
                i++;
                while (i < n && (Character.isLetterOrDigit(q.charAt(i)) || q.charAt(i) == '.')) {
                    i++;
                }
                String text = q.substring(start, i);
                out.add(new Token(text.matches("-?\\d+") ? T.NUMBER : T.IDENT, text));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(q.charAt(i)) || q.charAt(i) == '_' || q.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(T.IDENT, q.substring(start, i)));
            } else if (c == '<' || c == '>' || c == '!') {
                if (i + 1 < n && (q.charAt(i + 1) == '=' || (c == '<' && q.charAt(i + 1) == '>'))) {
                    out.add(new Token(T.SYMBOL, q.substring(i, i + 2)));
                    i += 2;
                } else {
                    out.add(new Token(T.SYMBOL, String.valueOf(c)));
                    i++;
                }
            } else if ("=,()*;".indexOf(c) >= 0) {
                out.add(new Token(T.SYMBOL, String.valueOf(c)));
                i++;
            } else {
                throw new LexError("Unexpected input at line1: " + c);
            }
        }
        return out;
    }
}
