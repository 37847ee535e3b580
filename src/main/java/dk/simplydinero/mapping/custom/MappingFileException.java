package dk.simplydinero.mapping.custom;

/**
 * The custom mapping file cannot be used. The message is one line naming the file, the place in it and the problem,
 * e.g. {@code mapping.yaml line 4: organizations.crm-to-dinero[1]: unknown Dinero field 'VatNumbr' (…)}.
 */
public class MappingFileException extends RuntimeException {

    public MappingFileException(String message) {
        super(oneLine(message));
    }

    public MappingFileException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
