package dk.simplydinero.invoices;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The language a Dinero invoice or credit note is written in ({@code Language}), as what the sync writes about it in
 * the CRM follows it (payment comments, credit-note comments and descriptions, receipt titles): Danish for a Danish
 * voucher ({@code da-DK}, also a bare {@code da}), English for any other or none.
 */
public enum VoucherLanguage {
    DANISH, ENGLISH;

    private static final DateTimeFormatter DANISH_DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");
    private static final Locale DANISH_LOCALE = Locale.forLanguageTag("da");

    /** The language of Dinero's {@code Language} value (null or blank: English). */
    public static VoucherLanguage of(String dineroLanguage) {
        return dineroLanguage != null && "da".equals(Locale.forLanguageTag(dineroLanguage.strip()).getLanguage())
                ? DANISH : ENGLISH;
    }

    /** {@code danish} or {@code english}, as the voucher's language. */
    public String say(String danish, String english) {
        return this == DANISH ? danish : english;
    }

    /** A date as a reader of the language writes it: {@code 03-11-2026}, {@code 2026-11-03}. */
    public String date(LocalDate date) {
        return this == DANISH ? DANISH_DATE.format(date) : date.toString();
    }

    /** The locale amounts are written in ({@code 1.250,00} or {@code 1,250.00}). */
    public Locale locale() {
        return this == DANISH ? DANISH_LOCALE : Locale.ENGLISH;
    }
}
