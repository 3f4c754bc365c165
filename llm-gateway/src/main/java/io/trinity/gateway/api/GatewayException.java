package io.trinity.gateway.api;

import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A failed chat call, shaped like an OpenAI error object. {@code status} is the HTTP status, or 0 when no HTTP
 * response arrived at all (type {@code connection_error} or {@code timeout}). Messages never contain API keys.
 */
public final class GatewayException extends RuntimeException {

    /** The type of the error that ends a stream cut after its first chunk. */
    public static final String STREAM_INTERRUPTED = "stream_interrupted";

    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final Duration retryAfter;

    public GatewayException(int status, String type, String message) {
        this(status, type, message, null, null);
    }

    public GatewayException(int status, String type, String message, String param, String code) {
        this(status, type, message, param, code, null);
    }

    public GatewayException(int status, String type, String message, String param, String code,
            Duration retryAfter) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** How long the server asked the caller to wait before trying again ({@code Retry-After}), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * A call to {@code url} that got no HTTP reply: a status-0 {@code timeout} when {@code cause} is the HTTP
     * client's timeout, else a {@code connection_error} whose text went through {@code redact}. Both are retryable.
     */
    public static GatewayException noReply(URI url, Duration timeout, Throwable cause, UnaryOperator<String> redact) {
        GatewayException e = cause instanceof HttpTimeoutException
                ? new GatewayException(0, "timeout", "no response from " + url + " within " + timeout)
                : new GatewayException(0, "connection_error", "request to " + url + " failed: "
                        + redact.apply(describe(cause)));
        e.initCause(cause);
        return e;
    }

    /** A failure's own words (Netty's "Connection refused: /host:port"), its class name only when it has none. */
    private static String describe(Throwable cause) {
        return cause == null ? "no reply" : cause.getMessage() == null || cause.getMessage().isBlank()
                ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /**
     * Whether trying the same call again may succeed: rate limits (429), server errors (5xx), and calls that got
     * no response at all (timeouts, refused or dropped connections). Other 4xx are the caller's fault. A stream
     * that broke off after its first chunk ({@value #STREAM_INTERRUPTED}) is not retryable: its reader has seen
     * text that another attempt would not continue.
     */
    public boolean retryable() {
        return !STREAM_INTERRUPTED.equals(type) && (status == 0 || status == 429 || status >= 500);
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
