package dk.simplydinero.http;

import java.io.IOException;

/** No complete answer within the call's deadline ({@link #connecting()}: the connection itself was not made in time). */
public class HttpTimeout extends IOException {

    private final boolean connecting;

    public HttpTimeout(String message, boolean connecting, Throwable cause) {
        super(message, cause);
        this.connecting = connecting;
    }

    /** True when the connection was not made within the timeout (nothing was sent). */
    public boolean connecting() {
        return connecting;
    }
}
