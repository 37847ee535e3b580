package dk.simplydinero.model;

/** A REST call that cannot be served as asked: answered with {@code status} and a JSON error naming what is wrong. */
public class ApiProblem extends RuntimeException {

    private final int status;

    public ApiProblem(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
