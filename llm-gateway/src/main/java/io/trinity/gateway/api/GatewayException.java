package io.trinity.gateway.api;

/**
 * A failed chat call, shaped like an OpenAI error object. {@code status} is the HTTP status, or 0 when no HTTP
 * response arrived at all (type {@code connection_error} or {@code timeout}). Messages never contain API keys.
 */
public final class GatewayException extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    public GatewayException(int status, String type, String message) {
        this(status, type, message, null, null);
    }

    public GatewayException(int status, String type, String message, String param, String code) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** The request field the error is about, or null. */
    public String param() {
        return param;
    }

    /** A machine-readable error code such as {@code model_not_found}, or null. */
    public String code() {
        return code;
    }
}
