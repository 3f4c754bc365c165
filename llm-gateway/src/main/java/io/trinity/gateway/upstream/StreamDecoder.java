package io.trinity.gateway.upstream;

import io.trinity.gateway.http.EventStreamDecoder;
import io.trinity.gateway.pool.ProviderReply;

/** Reads one streamed reply of an upstream API event by event, handing its pieces on as they come. */
interface StreamDecoder {

    /** The next event; an error event, or one that cannot be read, throws its {@code GatewayException}. */
    void event(EventStreamDecoder.Event event);

    /** The body has ended: the whole reply, or a status-0 {@code connection_error} when its last event never came. */
    ProviderReply end();
}
