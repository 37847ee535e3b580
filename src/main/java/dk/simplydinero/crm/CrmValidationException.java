package dk.simplydinero.crm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The CRM rejected the data: {@code MANDATORY_FIELDS_MISSING}, {@code REFERENCE_INVALID}, duplicates, … */
public class CrmValidationException extends CrmException {

    private static final Pattern FIELD = Pattern.compile("^(\\w+) does not have a value$|for (\\w+)$");

    public CrmValidationException(String operation, String code, String message) {
        super(operation, code, message);
    }

    /** The field the CRM names in its message (e.g. {@code lastname}), or null. */
    public String field() {
        Matcher m = FIELD.matcher(crmMessage());
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }
}
