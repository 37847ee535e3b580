package dk.simplydinero.mapping;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Dinero's documented rules for what we send (dinero-api.md), checked while mapping: a CRM record that breaks one
 * fails before any request, with a reason naming the CRM field, instead of a 400 from Dinero (which may cut off
 * integrations that cause many of them). Required fields are {@link CrmRecord#requiredText} and friends.
 */
public final class DineroRules {

    /** Documented for contacts, products and invoices. */
    public static final int EXTERNAL_REFERENCE_MAX = 128;

    /** One {@code @}, no blanks, a dot in the domain: the shape Dinero checks (its exact rule is not published). */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.][^@\\s]*\\.[^@\\s.]+");

    /** Dinero documents no list of currencies beyond "default DKK": ISO 4217 codes, as java.util.Currency knows them. */
    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    private DineroRules() {
    }

    /** The record's CRM id as Dinero's ExternalReference, at most {@value #EXTERNAL_REFERENCE_MAX} characters. */
    public static String externalReference(CrmRecord r) {
        return maxLength(r, "id", r.id(), "ExternalReference", EXTERNAL_REFERENCE_MAX);
    }

    /** {@code value} (read from {@code field}) as Dinero's {@code dineroField}, which holds at most {@code max} characters. */
    public static String maxLength(CrmRecord r, String field, String value, String dineroField, int max) {
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            throw r.fail(field, dineroField + " (field '" + r.fieldName(field) + "') is " + length
                    + " characters long; Dinero allows at most " + max);
        }
        return value;
    }

    /** The text of {@code field} as Dinero's Email: empty, or an e-mail address. */
    public static String email(CrmRecord r, String field) {
        String email = r.text(field);
        if (!email.isEmpty() && !EMAIL.matcher(email).matches()) {
            throw r.fail(field, "Email '" + email + "' (field '" + r.fieldName(field) + "') is not an e-mail address");
        }
        return email;
    }

    /** The number in {@code field} as an invoice line's Quantity: required, not negative. */
    public static BigDecimal quantity(CrmRecord line, String field) {
        BigDecimal quantity = line.requiredDecimal(field);
        if (quantity.signum() < 0) {
            throw line.fail(field, "Quantity " + quantity.toPlainString() + " (field '" + line.fieldName(field)
                    + "') is negative; Dinero takes no negative quantities on invoice lines (credit it in Dinero instead)");
        }
        return quantity;
    }

    /** The ISO code of the CRM currency in {@code field}, upper-cased, as Dinero's Currency: a code of ISO 4217. */
    public static String currency(CrmRecord r, String field, String code) {
        String iso = code.trim().toUpperCase(Locale.ROOT);
        if (!CURRENCIES.contains(iso)) {
            throw r.fail(field, "Currency '" + code.trim() + "' (field '" + r.fieldName(field) + "', CRM currency "
                    + r.text(field) + ") is not an ISO 4217 currency code, which Dinero needs");
        }
        return iso;
    }
}
