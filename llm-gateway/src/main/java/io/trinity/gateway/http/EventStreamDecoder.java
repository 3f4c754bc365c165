package io.trinity.gateway.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a {@code text/event-stream} body (server-sent events, as the WHATWG HTML standard frames them) given in
 * pieces cut anywhere, and hands on each event once its blank line has arrived. Lines end with LF, CRLF or CR;
 * {@code data} lines of one event are joined with LF; comments (lines starting with a colon), {@code id} and
 * {@code retry} are skipped. Lines are decoded only once whole, so a UTF-8 character split across pieces stays
 * intact. Not thread-safe: one body, pieces in order.
 */
public final class EventStreamDecoder implements Consumer<byte[]> {

    /** One event: its {@code event:} name ({@value #DEFAULT_NAME} when none was given) and its data. */
    public record Event(String name, String data) {
    }

    public static final String DEFAULT_NAME = "message";

    private final Consumer<Event> events;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean afterCarriageReturn;
    private String name;
    private StringBuilder data;

    public EventStreamDecoder(Consumer<Event> events) {
        this.events = events;
    }

    @Override
    public void accept(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '\n' && afterCarriageReturn) {
                afterCarriageReturn = false;
                continue;
            }
            afterCarriageReturn = b == '\r';
            if (b == '\n' || b == '\r') {
                line(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }
    }

    private void line(String text) {
        if (text.isEmpty()) {
            if (data != null) {
                events.accept(new Event(name == null ? DEFAULT_NAME : name, data.toString()));
            }
            name = null;
            data = null;
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            case "event" -> name = value;
            default -> {
                // id, retry and unknown fields mean nothing to a reply's reader.
            }
        }
    }
}
