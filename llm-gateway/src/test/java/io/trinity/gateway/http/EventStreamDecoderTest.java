package io.trinity.gateway.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trinity.gateway.http.EventStreamDecoder.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server-sent events cut into pieces anywhere come out whole, framed as the standard frames them. */
class EventStreamDecoderTest {

    private static final String BODY = ": keep-alive comment\r\n"
            + "event: message_start\r\n"
            + "data: {\"a\":\"caf\u00e9 \u2603 \uD83D\uDE00\"}\r\n"
            + "\r\n"
            + "data:no-space\n"
            + "data:  two spaces keep one\n"
            + "id: 7\n"
            + "retry: 100\n"
            + "\n"
            + "event: ping\r"
            + "data\r"
            + "\r"
            + "event: only-a-name\n"
            + "\n"
            + "data: [DONE]\n\n"
            + "data: never terminated";

    private static final List<Event> EXPECTED = List.of(
            new Event("message_start", "{\"a\":\"caf\u00e9 \u2603 \uD83D\uDE00\"}"),
            new Event("message", "no-space\n two spaces keep one"),
            new Event("ping", ""),
            new Event("message", "[DONE]"));

    private static List<Event> decode(List<byte[]> pieces) {
        List<Event> events = new ArrayList<>();
        EventStreamDecoder decoder = new EventStreamDecoder(events::add);
        pieces.forEach(decoder);
        return events;
    }

    @Test
    void theWholeBodyAtOnce() {
        assertEquals(EXPECTED, decode(List.of(BODY.getBytes(UTF_8))));
    }

    @Test
    void everyCutOfTheBodyInTwoGivesTheSameEvents() {
        byte[] bytes = BODY.getBytes(UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            List<Event> events = decode(List.of(Arrays.copyOfRange(bytes, 0, cut),
                    Arrays.copyOfRange(bytes, cut, bytes.length)));
            assertEquals(EXPECTED, events, "cut at byte " + cut);
        }
    }

    @Test
    void oneByteAtATime() {
        byte[] bytes = BODY.getBytes(UTF_8);
        List<byte[]> pieces = new ArrayList<>();
        for (byte b : bytes) {
            pieces.add(new byte[] {b});
        }
        assertEquals(EXPECTED, decode(pieces));
    }
}
