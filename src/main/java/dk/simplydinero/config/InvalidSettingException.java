package dk.simplydinero.config;

/** A setting that is wrong in combination with others; stops the start with one line naming the key. */
public class InvalidSettingException extends RuntimeException {

    private final String key;

    public InvalidSettingException(String key, String reason) {
        super("Invalid setting " + key + ": " + reason);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
