package io.trinity.gateway.http;

import java.util.Map;

/** Where the body of a reply to {@link HttpOrigin#postStreaming} goes, piece by piece, as it arrives. */
public interface StreamedBody {

    /**
     * Called once the reply's head has arrived, with its status and headers (names in lower case, first value
     * each): true hands its body to {@link #piece}, false collects it whole into the reply, as an error body or a
     * reply the server did not stream is best read.
     */
    boolean accepts(int status, Map<String, String> headers);

    /** The next bytes of an accepted body, cut wherever the network cut them (even inside a UTF-8 character). */
    void piece(byte[] bytes);
}
