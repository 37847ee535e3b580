package dk.simplydinero.mapping;

/** CRM {@code firstname} + {@code lastname} ↔ Dinero {@code Name}. */
public final class PersonNames {

    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    /** A person's name split for the CRM; {@code lastname} is mandatory there, so a one-word name is a last name. */
    public record Split(String firstname, String lastname) {
    }

    private PersonNames() {
    }

    public static String join(String firstname, String lastname) {
        String first = firstname == null ? "" : firstname.trim();
        String last = lastname == null ? "" : lastname.trim();
        return (first + " " + last).trim();
    }

    /** Splits on the last space: "Anne Marie Sørensen" → ("Anne Marie", "Sørensen"). */
    public static Split split(String name) {
        String trimmed = name == null ? "" : SPACES.matcher(name.trim()).replaceAll(" ");
        int lastSpace = trimmed.lastIndexOf(' ');
        if (lastSpace < 0) {
            return new Split("", trimmed);
        }
        return new Split(trimmed.substring(0, lastSpace), trimmed.substring(lastSpace + 1));
    }
}
