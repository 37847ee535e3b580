package dk.simplydinero.dinero;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A call to Dinero failed. Carries the HTTP status (0 when no answer came), Dinero's error code and message
 * when the answer had its error body, and the field errors of a validation failure. Never carries a secret:
 * messages name the method, path and Dinero's own message only.
 *
 * <p>Catch the subclasses for the cases an integration treats differently: {@link Validation},
 * {@link StaleTimestamp}, {@link NotFound}, {@link Auth}, {@link Forbidden}, {@link Transport} (transient).
 */
public class DineroException extends RuntimeException {

    public enum Kind { VALIDATION, STALE_TIMESTAMP, NOT_FOUND, AUTH, FORBIDDEN, TRANSPORT, OTHER }

    private final Kind kind;
    private final int httpStatus;
    private final Integer code;
    private final String dineroMessage;
    private final Map<String, String> validationErrors;

    public DineroException(Kind kind, String message, int httpStatus, Integer code, String dineroMessage,
                           Map<String, String> validationErrors, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.code = code;
        this.dineroMessage = dineroMessage;
        this.validationErrors = validationErrors == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(validationErrors));
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status of the answer; 0 when there was none (I/O error, timeout). */
    public int httpStatus() {
        return httpStatus;
    }

    /** Dinero's error code ({@code code} in the error body), or null. */
    public Integer code() {
        return code;
    }

    /** Dinero's own message, or null. */
    public String dineroMessage() {
        return dineroMessage;
    }

    /** Field name → message, from {@code validationErrors} (or {@code languageSpecificMessages}). */
    public Map<String, String> validationErrors() {
        return validationErrors;
    }

    /** True when trying again later may succeed (I/O error, timeout, 5xx, malformed answer). */
    public boolean isTransient() {
        return kind == Kind.TRANSPORT;
    }

    /** HTTP 400 with code 42 (or field errors): the record was rejected; fix the data, do not retry as is. */
    public static class Validation extends DineroException {
        public Validation(String message, int status, Integer code, String dineroMessage, Map<String, String> errors) {
            super(Kind.VALIDATION, message, status, code, dineroMessage, errors, null);
        }
    }

    /** HTTP 400 with code 58: the invoice changed since it was read; re-read it and retry with its TimeStamp. */
    public static class StaleTimestamp extends DineroException {
        public StaleTimestamp(String message, int status, Integer code, String dineroMessage) {
            super(Kind.STALE_TIMESTAMP, message, status, code, dineroMessage, null, null);
        }
    }

    /** HTTP 404 (often an HTML page) or codes 40/63/65: unknown, missing or deleted record. */
    public static class NotFound extends DineroException {
        public NotFound(String message, int status, Integer code, String dineroMessage) {
            super(Kind.NOT_FOUND, message, status, code, dineroMessage, null, null);
        }

        /** True when Dinero said the record is deleted (codes 63/65) rather than unknown. */
        public boolean isDeleted() {
            return code() != null && (code() == 63 || code() == 65);
        }
    }

    /**
     * The credentials were refused: {@code invalid_grant} (wrong API key), {@code invalid_client} (wrong client
     * id/secret), or {@code unauthorized} (401 again after a fresh token).
     */
    public static class Auth extends DineroException {
        private final String error;

        public Auth(String error, String message, int status) {
            super(Kind.AUTH, message, status, null, error, null, null);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }

    /** HTTP 403: no access to the organization; {@link #isNoProSubscription()} for codes 48/90. */
    public static class Forbidden extends DineroException {
        public Forbidden(String message, int status, Integer code, String dineroMessage) {
            super(Kind.FORBIDDEN, message, status, code, dineroMessage, null, null);
        }

        public boolean isNoProSubscription() {
            return code() != null && (code() == 48 || code() == 90);
        }
    }

    /**
     * No usable answer: I/O error, timeout, 5xx, an answer that is not Dinero's JSON, or the rate limit (429) that
     * did not lift within the waits allowed ({@code RATE_LIMITED}: the request was not executed). Transient.
     */
    public static class Transport extends DineroException {
        public enum Cause { IO, TIMEOUT, SERVER_ERROR, MALFORMED, INTERRUPTED, RATE_LIMITED }

        private final Cause reason;

        public Transport(Cause reason, String message, int status, Throwable cause) {
            super(Kind.TRANSPORT, message, status, null, null, null, cause);
            this.reason = reason;
        }

        public Cause reason() {
            return reason;
        }
    }
}
