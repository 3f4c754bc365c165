package io.trinity.gateway.http;

import java.util.Map;

/** An upstream's whole reply: status, headers (names in lower case, first value each) and body. */
public record HttpReply(int status, Map<String, String> headers, byte[] body) {

    public HttpReply {
        headers = Map.copyOf(headers);
    }

    /** The header's first value, or null; {@code name} in lower case. */
    public String header(String name) {
        return headers.get(name);
    }
}
