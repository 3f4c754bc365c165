package io.trinity.gateway.http;

import io.netty.bootstrap.Bootstrap;
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
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
 * {@link IOException}, for the caller to classify.
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
                        p.addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_REPLY_BYTES),
                                new IdleStateHandler(0, 0, IDLE_CLOSE_SECONDS), new Connection());
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
        Exchange exchange = new Exchange(request, result, timeout);
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

    /** One call: its request, its future and its deadline. */
    private final class Exchange {
        final FullHttpRequest request;
        final CompletableFuture<HttpReply> result;
        final Duration timeout;
        ScheduledFuture<?> timer;
        Channel channel;

        Exchange(FullHttpRequest request, CompletableFuture<HttpReply> result, Duration timeout) {
            this.request = request;
            this.result = result;
            this.timeout = timeout;
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

    /** The end of a connection's pipeline: sends one exchange at a time and takes its reply. */
    private final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
        private Exchange pending;

        private Channel channel;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
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
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Exchange exchange = pending;
            pending = null;
            if (exchange == null) {
                ctx.close();
                return;
            }
            exchange.timer.cancel(false);
            Map<String, String> headers = new HashMap<>();
            response.headers().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
            HttpReply reply = new HttpReply(response.status().code(), headers, ByteBufUtil.getBytes(response.content()));
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
            if (exchange != null) {
                exchange.fail(cause);
            }
        }
    }
}
