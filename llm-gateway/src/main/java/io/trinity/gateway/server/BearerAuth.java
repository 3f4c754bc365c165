package io.trinity.gateway.server;

import io.trinity.gateway.api.GatewayException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Optional bearer-token authentication: with a token, every request must carry {@code Authorization: Bearer
 * <token>} or gets OpenAI's 401 {@code invalid_api_key}. The token is compared in constant time and never
 * echoed.
 */
public final class BearerAuth {

    private final byte[] expected;

    /** {@code token} null or empty: no authentication. */
    public BearerAuth(String token) {
        this.expected = token == null || token.isEmpty() ? null
                : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    public ExchangeHandler guard(ExchangeHandler handler) {
        if (expected == null) {
            return handler;
        }
        return exchange -> {
            if (authorized(exchange)) {
                handler.handle(exchange);
            } else {
                exchange.responseHeaders().set("WWW-Authenticate", "Bearer");
                exchange.sendError(new GatewayException(401, "invalid_request_error",
                        "missing or wrong bearer token in the Authorization header", null, "invalid_api_key"));
            }
        };
    }

    private boolean authorized(Exchange exchange) {
        String header = exchange.header("Authorization");
        return header != null && MessageDigest.isEqual(expected, header.strip().getBytes(StandardCharsets.UTF_8));
    }
}
