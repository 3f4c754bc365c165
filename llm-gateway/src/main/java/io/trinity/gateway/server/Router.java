package io.trinity.gateway.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.trinity.gateway.api.GatewayException;
import java.util.ArrayDeque;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a client connection's pipeline: hands each request to the handler of its path. Answers are
 * asynchronous, so a connection that sends its next request before the previous answer (HTTP pipelining) has it
 * held until then: answers must leave in the order the requests came.
 */
final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final Map<String, ExchangeHandler> routes;
    private final ExchangeHandler fallback;
    private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
    private ChannelHandlerContext context;
    private boolean busy;

    Router(Map<String, ExchangeHandler> routes, ExchangeHandler fallback) {
        this.routes = routes;
        this.fallback = fallback;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            HttpUtil.setKeepAlive(request, false);
            Exchange bad = new Exchange(ctx.channel(), request, () -> { });
            bad.sendError(new GatewayException(400, "invalid_request_error", "malformed HTTP request: "
                    + request.decoderResult().cause().getMessage()));
            return;
        }
        Exchange exchange = new Exchange(ctx.channel(), request, this::answered);
        if (busy) {
            waiting.add(exchange);
        } else {
            busy = true;
            serve(exchange);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client connection failed: {}", cause.toString());
        ctx.close();
    }

    private void serve(Exchange exchange) {
        try {
            routes.getOrDefault(exchange.path(), fallback).handle(exchange);
        } catch (RuntimeException e) {
            LOG.error("gateway handler failed on {} {}", exchange.method(), exchange.path(), e);
            exchange.sendError(new GatewayException(500, "internal_error", "the gateway failed: "
                    + e.getClass().getSimpleName()));
        }
    }

    /** Called once per exchange, from whichever thread answered it. */
    private void answered() {
        if (context.executor().inEventLoop()) {
            next();
        } else {
            context.executor().execute(this::next);
        }
    }

    private void next() {
        Exchange exchange = waiting.poll();
        if (exchange == null) {
            busy = false;
        } else {
            serve(exchange);
        }
    }
}
