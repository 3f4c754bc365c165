package io.trinity.gateway.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.trinity.gateway.http.EventLoops;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The listening side of an OpenAI-compatible server: HTTP/1.1 on the given event loops, bodies collected up to a
 * limit ({@link BodyLimit}), each request handed by its path to an {@link ExchangeHandler}, answers kept in request
 * order on a connection. The gateway serves the pool on it; {@code trinity serve} serves coordinators on it.
 */
public final class HttpFront implements AutoCloseable {

    /** Hundreds of executors' connections may arrive at once; a short accept queue would drop some. */
    private static final int BACKLOG = 1024;

    private final String host;
    private final Channel server;
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private HttpFront(EventLoops loops, String host, int port, Map<String, ExchangeHandler> routes,
            ExchangeHandler unknown, int maxBodyBytes) {
        this.host = host;
        Map<String, ExchangeHandler> paths = Map.copyOf(routes);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                // Accepting starts with start(), as with a server that is built, configured, then started.
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        clients.add(ch);
                        ch.pipeline().addLast(new HttpServerCodec(), new BodyLimit(maxBodyBytes),
                                new Router(paths, unknown));
                    }
                });
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(host, port)).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port,
                    bound.cause() instanceof IOException io ? io : new IOException(bound.cause()));
        }
        this.server = bound.channel();
    }

    /**
     * Binds {@code host:port} (0: any free port) without accepting yet. {@code routes} maps exact paths to their
     * handlers; every other path goes to {@code unknown}. Bodies above {@code maxBodyBytes} get a 413.
     */
    public static HttpFront bind(EventLoops loops, String host, int port, Map<String, ExchangeHandler> routes,
            ExchangeHandler unknown, int maxBodyBytes) {
        return new HttpFront(loops, host, port, routes, unknown, maxBodyBytes);
    }

    /** Starts accepting connections. */
    public void start() {
        server.config().setAutoRead(true);
    }

    /** The bound port, known from bind() on (port 0 picks a free one). */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** {@code http://HOST:PORT/v1}, the base URL for OpenAI-compatible clients. */
    public URI baseUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + "/v1");
    }

    /** Stops listening and closes every client connection; answers still being worked on are dropped. */
    @Override
    public void close() {
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
