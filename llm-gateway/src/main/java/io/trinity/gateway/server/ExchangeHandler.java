package io.trinity.gateway.server;

/** Serves one exchange; it may answer later and from another thread. */
@FunctionalInterface
public interface ExchangeHandler {
    void handle(Exchange exchange);
}
