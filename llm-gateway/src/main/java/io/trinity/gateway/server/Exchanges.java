package io.trinity.gateway.server;

import com.sun.net.httpserver.HttpExchange;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading and answering JDK HttpServer exchanges in the gateway's JSON conventions. */
final class Exchanges {

    private static final Logger LOG = LoggerFactory.getLogger(Exchanges.class);
    /** Far above any real prompt; stops a broken client from filling the heap. */
    private static final int MAX_BODY_BYTES = 16 << 20;

    private Exchanges() {
    }

    /** Answers 404 or 405 and returns false unless the exchange is exactly {@code method path}. */
    static boolean accept(HttpExchange exchange, String method, String path) {
        if (!exchange.getRequestURI().getPath().equals(path)) {
            sendError(exchange, new GatewayException(404, "invalid_request_error",
                    "no route for " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
                    null, "not_found"));
            return false;
        }
        if (!exchange.getRequestMethod().equals(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            sendError(exchange, new GatewayException(405, "invalid_request_error",
                    path + " accepts " + method + " only", null, "method_not_allowed"));
            return false;
        }
        return true;
    }

    static byte[] readBody(HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new GatewayException(413, "invalid_request_error",
                        "request body exceeds " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new GatewayException(400, "invalid_request_error", "cannot read the request body: " + e.getMessage());
        }
    }

    static void sendError(HttpExchange exchange, GatewayException e) {
        if (e.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After",
                    String.valueOf((e.retryAfter().toMillis() + 999) / 1000));
            exchange.getResponseHeaders().set("retry-after-ms", String.valueOf(e.retryAfter().toMillis()));
        }
        sendJson(exchange, e.status(), OpenAiJson.writeError(e));
    }

    /** Sends and closes; a client that has gone away is not the gateway's error, so it is only logged. */
    static void sendJson(HttpExchange exchange, int status, byte[] body) {
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            out.write(body);
        } catch (IOException e) {
            LOG.debug("could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                    e.toString());
        }
    }
}
