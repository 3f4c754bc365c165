package io.trinity.gateway.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request to the gateway and its answer, which any thread may give, once: whole ({@link #send}) or as a
 * stream of chunks ({@link #startStream}, {@link #streamChunk}, {@link #endStream}). The request's body is copied
 * out, so the exchange outlives Netty's buffer. Public so that other OpenAI-compatible servers of the project
 * (the coordinator's {@code trinity serve}) answer on the same HTTP stack.
 */
public final class Exchange {

    private final Channel channel;
    private final String method;
    private final String path;
    private final HttpHeaders requestHeaders;
    private final byte[] body;
    private final boolean keepAlive;
    private final Runnable onAnswered;
    private final HttpHeaders responseHeaders = new DefaultHttpHeaders();
    private final AtomicBoolean answered = new AtomicBoolean();

    Exchange(Channel channel, FullHttpRequest request, Runnable onAnswered) {
        this.channel = channel;
        this.method = request.method().name();
        String uri = request.uri();
        int query = uri.indexOf('?');
        this.path = query < 0 ? uri : uri.substring(0, query);
        this.requestHeaders = request.headers();
        this.body = ByteBufUtil.getBytes(request.content());
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.onAnswered = onAnswered;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The request header's first value, or null. */
    public String header(String name) {
        return requestHeaders.get(name);
    }

    public byte[] body() {
        return body;
    }

    /** Headers to send with the answer; set them before answering. */
    HttpHeaders responseHeaders() {
        return responseHeaders;
    }

    /** Sets a header of the answer; call it before answering. */
    public void responseHeader(String name, String value) {
        responseHeaders.set(name, value);
    }

    public void send(int status, String contentType, byte[] content) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(content), responseHeaders,
                HttpHeaders.EMPTY_HEADERS);
        responseHeaders.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        responseHeaders.set(HttpHeaderNames.CONTENT_LENGTH, content.length);
        finish(channel.writeAndFlush(keepAliveOf(response)));
    }

    public void sendJson(int status, byte[] json) {
        send(status, "application/json", json);
    }

    public void sendError(GatewayException e) {
        if (e.retryAfter() != null) {
            responseHeaders.set("Retry-After", String.valueOf((e.retryAfter().toMillis() + 999) / 1000));
            responseHeaders.set("retry-after-ms", String.valueOf(e.retryAfter().toMillis()));
        }
        sendJson(e.status(), OpenAiJson.writeError(e));
    }

    /** Sends status 200 and the headers; the body follows in chunks. False if the exchange was already answered. */
    public boolean startStream(String contentType) {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        responseHeaders.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        responseHeaders.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                responseHeaders);
        channel.writeAndFlush(keepAliveOf(response));
        return true;
    }

    public void streamChunk(byte[] chunk) {
        channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
    }

    public void endStream() {
        finish(channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
    }

    /**
     * Runs {@code action} once the client's connection closes, at once if it is closed already. A server that
     * works long on an answer uses it to stop work nobody will read. Returns what stops watching: a kept-alive
     * connection serves many exchanges, and each would otherwise leave its action behind until the connection ends.
     */
    public Runnable onConnectionClosed(Runnable action) {
        ChannelFutureListener listener = closed -> action.run();
        channel.closeFuture().addListener(listener);
        return () -> channel.closeFuture().removeListener(listener);
    }

    private HttpResponse keepAliveOf(HttpResponse response) {
        HttpUtil.setKeepAlive(response, keepAlive);
        return response;
    }

    /** A client that has gone away is not the gateway's error: its connection just closes. */
    private void finish(ChannelFuture written) {
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        } else {
            written.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
        onAnswered.run();
    }

    /** Answers 404 or 405 and returns false unless the exchange is exactly {@code method path}. */
    public boolean accept(String expectedMethod, String expectedPath) {
        if (!path.equals(expectedPath)) {
            sendError(new GatewayException(404, "invalid_request_error", "no route for " + method + " " + path,
                    null, "not_found"));
            return false;
        }
        if (!method.equals(expectedMethod)) {
            responseHeaders.set("Allow", expectedMethod);
            sendError(new GatewayException(405, "invalid_request_error",
                    expectedPath + " accepts " + expectedMethod + " only", null, "method_not_allowed"));
            return false;
        }
        return true;
    }
}
