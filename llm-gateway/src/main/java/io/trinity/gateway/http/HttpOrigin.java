package io.trinity.gateway.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * HTTP/1.1 to one upstream origin (scheme, host, port) over kept-alive connections, plain or TLS with the JDK's
 * trust store and host-name verification. Each event loop keeps its own idle connections, so a call started on a
 * loop is sent and answered there; one call is in flight per connection, and a call that finds none idle opens
 * one. A timeout covers connecting, sending and the whole reply; its connection is closed, since its reply may
 * still come. Failures complete the future with {@link HttpTimeoutException} or the connection's
 * {@link IOException}, for the caller to classify. {@link #postStreaming} hands a reply's body on piece by piece as
 * it arrives (server-sent events); {@link #post} collects it whole.
 */
public final class HttpOrigin implements AutoCloseable {

    /** Far above any chat completion; stops a broken upstream from filling the heap. */
    private static final int MAX_REPLY_BYTES = 64 << 20;
    /** Providers drop idle connections after a while; closing ours first avoids sending into a closing one. */
    private static final int IDLE_CLOSE_SECONDS = 30;

    private final URI origin;
    private final String host;
    private final int port;
    private final String hostHeader;
    private final EventLoops loops;
    private final Bootstrap bootstrap;
    private final Map<EventLoop, ArrayDeque<Channel>> idle = new ConcurrentHashMap<>();
    /** Every connection from its registration on; one that registers after close() is closed at once. */
    private final ChannelGroup open = new DefaultChannelGroup("upstream", GlobalEventExecutor.INSTANCE, true);
    private volatile boolean closed;

    /** {@code base}: any URL on the origin (its path is ignored); http or https. */
    public HttpOrigin(URI base, EventLoops loops, Duration connectTimeout) {
        this(base, loops, connectTimeout, "https".equalsIgnoreCase(base.getScheme()) ? defaultTls() : null);
    }

    /** With {@code tls} non-null the origin is spoken to over TLS with that context (tests trust their own CA). */
    HttpOrigin(URI base, EventLoops loops, Duration connectTimeout, SslContext tls) {
        boolean secure = "https".equalsIgnoreCase(base.getScheme());
        if (!secure && !"http".equalsIgnoreCase(base.getScheme())) {
            throw new IllegalArgumentException("an upstream URL must be http or https, got " + base);
        }
        this.host = base.getHost();
        int defaultPort = secure ? 443 : 80;
        this.port = base.getPort() < 0 ? defaultPort : base.getPort();
        this.origin = URI.create(base.getScheme().toLowerCase(Locale.ROOT) + "://" + base.getRawAuthority());
        this.hostHeader = port == defaultPort ? host : host + ":" + port;
        this.loops = loops;
        SslContext ssl = secure ? tls : null;
        this.bootstrap = new Bootstrap()
                .channel(loops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        connectTimeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        open.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            p.addLast(verifyingHost(ssl.newHandler(ch.alloc(), host, port)));
                        }
                        Connection connection = new Connection();
                        p.addLast(new HttpClientCodec(), new WholeReplies(connection),
                                new IdleStateHandler(0, 0, IDLE_CLOSE_SECONDS), connection);
                    }
                });
    }

    /**
     * POSTs {@code body} to {@code path} (absolute, with any query). {@code headers} are sent as given, after
     * Host, Content-Length, Content-Type (application/json unless given) and Accept (application/json unless
     * given).
     */
    public CompletableFuture<HttpReply> post(String path, Map<String, String> headers, byte[] body,
            Duration timeout) {
        return post(path, headers, body, timeout, null);
    }

    /**
     * POSTs as {@link #post} does; a reply whose head {@code body} accepts has its body handed to
     * {@link StreamedBody#piece} as it arrives, in order, on the connection's event loop, and the future then
     * completes with an empty body once the body has ended. A reply it does not accept (an error, say) is
     * collected whole as {@link #post} collects it. The timeout still covers the whole reply, so the future can
     * fail after some pieces; an exception thrown by {@code piece} fails the call with it as the cause and closes
     * the connection. No piece is handed on once the future is done.
     */
    public CompletableFuture<HttpReply> postStreaming(String path, Map<String, String> headers, byte[] body,
            Duration timeout, StreamedBody streamed) {
        return post(path, headers, body, timeout, Objects.requireNonNull(streamed, "streamed"));
    }

    private CompletableFuture<HttpReply> post(String path, Map<String, String> headers, byte[] body,
            Duration timeout, StreamedBody streamed) {
        CompletableFuture<HttpReply> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new IOException("the connections to " + origin + " are closed"));
            return result;
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(body));
        HttpHeaders h = request.headers();
        h.set(HttpHeaderNames.HOST, hostHeader);
        h.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        h.set(HttpHeaderNames.ACCEPT, "application/json");
        headers.forEach(h::set);
        Exchange exchange = new Exchange(request, result, timeout, streamed);
        EventLoop loop = loops.current();
        if (loop.inEventLoop()) {
            send(loop, exchange);
        } else {
            loop.execute(() -> send(loop, exchange));
        }
        return result;
    }

    /** Closes every connection; calls in flight fail with the connection's close. */
    @Override
    public void close() {
        closed = true;
        open.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "HttpOrigin[" + origin + "]";
    }

    private void send(EventLoop loop, Exchange exchange) {
        if (closed) {
            exchange.fail(new IOException("the connections to " + origin + " are closed"));
            return;
        }
        exchange.timer = loop.schedule(() -> exchange.timeOut(), exchange.timeout.toNanos(), TimeUnit.NANOSECONDS);
        ArrayDeque<Channel> idleHere = idle.computeIfAbsent(loop, l -> new ArrayDeque<>());
        Channel channel;
        while ((channel = idleHere.pollLast()) != null) {
            if (channel.isActive()) {
                channel.pipeline().get(Connection.class).start(exchange);
                return;
            }
        }
        // Name resolution happens here on the loop; the JDK caches it, so only a new host's first call waits.
        bootstrap.clone(loop).connect(host, port).addListener(connected -> {
            Channel fresh = ((ChannelFuture) connected).channel();
            if (!connected.isSuccess()) {
                exchange.fail(connected.cause());
            } else if (exchange.result.isDone()) {
                idleHere.addLast(fresh);
            } else {
                fresh.pipeline().get(Connection.class).start(exchange);
            }
        });
    }

    private static Map<String, String> lowerCase(HttpHeaders headers) {
        Map<String, String> map = new HashMap<>();
        headers.forEach(e -> map.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        return map;
    }

    private static SslHandler verifyingHost(SslHandler handler) {
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }

    private static SslContext defaultTls() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new UncheckedIOException("cannot set up TLS for upstream connections", e);
        }
    }

    /** One call: its request, its future, its deadline and, for a streamed call, where its body goes. */
    private final class Exchange {
        final FullHttpRequest request;
        final CompletableFuture<HttpReply> result;
        final Duration timeout;
        final StreamedBody streamed;
        ScheduledFuture<?> timer;
        Channel channel;

        Exchange(FullHttpRequest request, CompletableFuture<HttpReply> result, Duration timeout,
                StreamedBody streamed) {
            this.request = request;
            this.result = result;
            this.timeout = timeout;
            this.streamed = streamed;
        }

        void timeOut() {
            release();
            if (result.completeExceptionally(new HttpTimeoutException("no reply from " + origin + " within "
                    + timeout)) && channel != null) {
                channel.close();
            }
        }

        void fail(Throwable cause) {
            release();
            if (timer != null) {
                timer.cancel(false);
            }
            result.completeExceptionally(cause instanceof IOException ? cause
                    : new IOException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause));
        }

        /** Once a connection has the request, writing it (or failing to) releases it. */
        void release() {
            if (channel == null && request.refCnt() > 0) {
                request.release();
            }
        }
    }

    /**
     * Netty's aggregator for the replies of {@link #post}; the replies of a streamed call pass by it to the
     * {@link Connection} in their parts.
     */
    private static final class WholeReplies extends HttpObjectAggregator {
        private final Connection connection;

        WholeReplies(Connection connection) {
            super(MAX_REPLY_BYTES);
            this.connection = connection;
        }

        @Override
        public boolean acceptInboundMessage(Object msg) throws Exception {
            return !connection.streaming() && super.acceptInboundMessage(msg);
        }
    }

    /** The end of a connection's pipeline: sends one exchange at a time and takes its reply. */
    private final class Connection extends SimpleChannelInboundHandler<HttpObject> {
        private Exchange pending;
        /** The head of the streamed call's reply while its body arrives, else null. */
        private HttpResponse head;
        private Map<String, String> headHeaders;
        /** Whether the body goes to the call's {@link StreamedBody}; else it is collected here. */
        private boolean piecewise;
        private ByteArrayOutputStream collected;
        private long received;

        private Channel channel;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        boolean streaming() {
            Exchange exchange = pending;
            return exchange != null && exchange.streamed != null;
        }

        void start(Exchange exchange) {
            exchange.channel = channel;
            pending = exchange;
            // The codec releases the request once written; ours only releases it when it is never sent.
            channel.writeAndFlush(exchange.request).addListener(written -> {
                if (!written.isSuccess()) {
                    failPending(written.cause());
                    channel.close();
                }
            });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) throws IOException {
            if (message instanceof FullHttpResponse response) {
                whole(ctx, response);
                return;
            }
            Exchange exchange = pending;
            if (exchange == null) {
                ctx.close();
                return;
            }
            if (message.decoderResult().isFailure()) {
                throw new IOException("unreadable reply from " + origin + ": " + message.decoderResult().cause(),
                        message.decoderResult().cause());
            }
            if (message instanceof HttpResponse response) {
                head = response;
                headHeaders = lowerCase(response.headers());
                received = 0;
                piecewise = exchange.streamed.accepts(response.status().code(), headHeaders);
                collected = piecewise ? null : new ByteArrayOutputStream();
            }
            if (message instanceof HttpContent content && head != null) {
                ByteBuf bytes = content.content();
                received += bytes.readableBytes();
                if (received > MAX_REPLY_BYTES) {
                    throw new IOException("the reply from " + origin + " is over " + MAX_REPLY_BYTES + " bytes");
                }
                if (bytes.isReadable()) {
                    if (!piecewise) {
                        bytes.readBytes(collected, bytes.readableBytes());
                    } else if (!exchange.result.isDone()) {
                        exchange.streamed.piece(ByteBufUtil.getBytes(bytes));
                    }
                }
                if (content instanceof LastHttpContent) {
                    HttpResponse response = head;
                    byte[] body = piecewise ? new byte[0] : collected.toByteArray();
                    head = null;
                    collected = null;
                    complete(ctx, exchange, response, new HttpReply(response.status().code(), headHeaders, body));
                }
            }
        }

        private void whole(ChannelHandlerContext ctx, FullHttpResponse response) {
            Exchange exchange = pending;
            if (exchange == null) {
                ctx.close();
                return;
            }
            complete(ctx, exchange, response, new HttpReply(response.status().code(), lowerCase(response.headers()),
                    ByteBufUtil.getBytes(response.content())));
        }

        private void complete(ChannelHandlerContext ctx, Exchange exchange, HttpResponse response, HttpReply reply) {
            pending = null;
            exchange.timer.cancel(false);
            if (HttpUtil.isKeepAlive(response) && !exchange.result.isDone() && !closed) {
                idle.computeIfAbsent(ctx.channel().eventLoop(), l -> new ArrayDeque<>()).addLast(ctx.channel());
            } else {
                ctx.close();
            }
            exchange.result.complete(reply);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failPending(new IOException("the connection to " + origin + " closed before the reply"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failPending(cause);
            ctx.close();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent && pending == null) {
                ArrayDeque<Channel> idleHere = idle.get(ctx.channel().eventLoop());
                if (idleHere != null) {
                    idleHere.remove(ctx.channel());
                }
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }

        private void failPending(Throwable cause) {
            Exchange exchange = pending;
            pending = null;
            head = null;
            collected = null;
            if (exchange != null) {
                exchange.fail(cause);
            }
        }
    }
}
