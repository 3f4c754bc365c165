import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Open-loop load for the gateway benchmark: sends chat completions at a fixed rate and measures each one's
 * latency from the moment it was due (not from when it was sent), so a stalled server cannot hide its queueing
 * (no coordinated omission). Every request has its own prompt, so no cache or coalescing can answer it.
 * With --concurrency instead of --rate it runs closed-loop and reports the throughput it reaches.
 *
 * <p>Built on Netty so that the generator costs far less CPU per request than the server it measures: the JDK
 * HttpClient needed so much that on two cores it, not the server, set the tail latency at 2,000 requests/s.
 * Each event-loop thread paces, sends and receives its share of the requests itself, over HTTP/1.1 keep-alive
 * connections with one request in flight each; a request due when no connection is idle opens one (up to
 * {@value #MAX_CONNECTIONS} in all) or waits its turn, its latency still counted from its due time.
 *
 * <p>"completed" counts every request that finished, failed ones included (each also counts in "errors");
 * the percentiles cover them all, so a request that timed out shows as a latency of at least 30 s.
 *
 * Usage: java -cp NETTY_CLASSPATH LoadGenerator.java --label NAME --url http://HOST:PORT/PATH
 *        [--rate RPS | --concurrency N] [--seconds S] [--warmup S] [--threads N] [--header NAME:VALUE]...
 * Prints one JSON line.
 */
public class LoadGenerator {

    static final int MAX_CONNECTIONS = 1024;
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** The first failure seen, to say what the errors were. */
    static final AtomicReference<String> FIRST_ERROR = new AtomicReference<>("");

    public static void main(String[] args) throws Exception {
        String label = "run";
        String url = null;
        int rate = 0;
        int concurrency = 0;
        int seconds = 20;
        int warmup = 10;
        int threads = 1;
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--label" -> label = args[i + 1];
                case "--url" -> url = args[i + 1];
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--header" -> headers.add(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (url == null || (rate > 0) == (concurrency > 0) || threads < 1) {
            throw new IllegalArgumentException(
                    "need --url, exactly one of --rate or --concurrency, and --threads >= 1");
        }
        Target target = Target.of(URI.create(url), headers);
        // Daemon threads: the JVM ends with main, whatever state a connection is left in.
        DefaultThreadFactory threadFactory = new DefaultThreadFactory("load", true);
        // Epoll times the pacing to the microsecond; NIO's selector sleeps whole milliseconds, so without epoll
        // requests leave up to 1 ms late (their latency still counts from their due time).
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = epoll ? new EpollEventLoopGroup(threads, threadFactory)
                : new NioEventLoopGroup(threads, threadFactory);
        Class<? extends Channel> channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        // Random, so that no two runs (the warm-ups before the measured ones included) send the same prompt.
        long firstSequence = ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L);
        List<Worker> workers = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            workers.add(new Worker(group.next(), channelType, target, k, threads, firstSequence));
        }
        Run run = new Run(workers, rate, concurrency);
        run.phase(warmup);
        // Drops the in-memory compiler's and the warm-up's garbage, so that the measured phase's young collections
        // have next to nothing to copy: they then pause about 1 ms instead of 10 to 30.
        System.gc();
        Result r = run.phase(seconds);
        System.out.println(r.json(label, rate > 0 ? "rate" : "concurrency", rate > 0 ? rate : concurrency,
                run.sent()));
    }

    /** Where the requests go and their bytes, encoded once but for the two numbers that change. */
    record Target(InetSocketAddress address, byte[] head, byte[] bodyStart, byte[] bodyEnd) {

        private static final byte[] END_OF_HEADERS = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        static Target of(URI uri, List<String> headers) {
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("need an http:// URL with a host, not " + uri);
            }
            int port = uri.getPort() == -1 ? 80 : uri.getPort();
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(uri.getHost()).append(uri.getPort() == -1 ? "" : ":" + port)
                    .append("\r\nContent-Type: application/json\r\n");
            for (String header : headers) {
                int colon = header.indexOf(':');
                if (colon <= 0 || header.indexOf('\r') >= 0 || header.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("need --header NAME:VALUE, not " + header);
                }
                head.append(header.substring(0, colon).strip()).append(": ")
                        .append(header.substring(colon + 1).strip()).append("\r\n");
            }
            head.append("Content-Length: ");
            String bodyStart = "{\"model\": \"bench-model\", \"seed\": 1, \"max_tokens\": 16, \"messages\": ["
                    + "{\"role\": \"system\", \"content\": \"You are the Worker in a team of language models.\"},"
                    + "{\"role\": \"user\", \"content\": \"Benchmark question ";
            String bodyEnd = ": what is 6 times 7?\"}]}";
            return new Target(new InetSocketAddress(uri.getHost(), port),
                    head.toString().getBytes(StandardCharsets.UTF_8), bodyStart.getBytes(StandardCharsets.UTF_8),
                    bodyEnd.getBytes(StandardCharsets.UTF_8));
        }

        ByteBuf request(ByteBufAllocator alloc, long sequence) {
            int sequenceDigits = digits(sequence);
            int bodyLength = bodyStart.length + sequenceDigits + bodyEnd.length;
            int lengthDigits = digits(bodyLength);
            ByteBuf buf = alloc.directBuffer(head.length + lengthDigits + END_OF_HEADERS.length + bodyLength);
            buf.writeBytes(head);
            writeDecimal(buf, bodyLength, lengthDigits);
            buf.writeBytes(END_OF_HEADERS).writeBytes(bodyStart);
            writeDecimal(buf, sequence, sequenceDigits);
            return buf.writeBytes(bodyEnd);
        }

        private static int digits(long value) {
            int digits = 1;
            for (long v = value; v >= 10; v /= 10) {
                digits++;
            }
            return digits;
        }

        private static void writeDecimal(ByteBuf buf, long value, int digits) {
            int at = buf.writerIndex() + digits;
            buf.writerIndex(at);
            for (long v = value; digits-- > 0; v /= 10) {
                buf.setByte(--at, (int) ('0' + v % 10));
            }
        }
    }

    /** A request waiting for, or on, a connection. A closed-loop lane reuses its one request for all it sends. */
    static final class Request {
        long due;
        final boolean lane;

        Request(long due, boolean lane) {
            this.due = due;
            this.lane = lane;
        }
    }

    /** The latencies one worker measured in one phase; only its event-loop thread writes them. */
    static final class Recorder {
        long[] latencies = new long[4096];
        int count;
        int errors;

        void add(long latencyNanos, boolean error) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = latencyNanos;
            if (error) {
                errors++;
            }
        }
    }

    /**
     * One event loop's share of the load and its connection pool. Everything here runs on that loop's thread, so
     * nothing is locked; the main thread only starts phases and reads the results after they end.
     */
    static final class Worker {
        private final EventLoop loop;
        private final Bootstrap bootstrap;
        private final Target target;
        private final int index;
        private final int workers;
        private final long firstSequence;
        private final int maxConnections;
        /** Most recently used first, so that the connections a low rate needs stay warm and the rest idle. */
        private final ArrayDeque<Connection> idle = new ArrayDeque<>();
        private final ArrayDeque<Request> waiting = new ArrayDeque<>();
        private final List<Connection> connections = new ArrayList<>();
        private final Runnable pace = this::pace;
        private int open;
        private int connecting;
        private long sent;

        private Recorder recorder;
        private CountDownLatch phaseDone;
        private long start;
        private int rate;
        private int total;
        private int next;
        private int unfinished;
        private long end;

        Worker(EventLoop loop, Class<? extends Channel> channelType, Target target, int index, int workers,
               long firstSequence) {
            this.loop = loop;
            this.target = target;
            this.index = index;
            this.workers = workers;
            this.firstSequence = firstSequence;
            this.maxConnections = Math.max(1, MAX_CONNECTIONS / workers);
            this.bootstrap = new Bootstrap().group(loop).channel(channelType).remoteAddress(target.address())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            // The decoder half of HttpClientCodec only: requests go out as pre-encoded bytes,
                            // which the codec's encoder refuses. Headers unvalidated: only the status and
                            // keep-alive are read.
                            channel.pipeline().addLast(new HttpResponseDecoder(4096, 8192, 8192, false),
                                    new Connection(Worker.this, channel));
                        }
                    });
            loop.scheduleAtFixedRate(this::expire, 1, 1, TimeUnit.SECONDS);
        }

        long sent() {
            return sent;
        }

        /** Sends requests number index, index + workers, ... of total, number i due at start + i / rate. */
        void startOpenLoop(long start, int rate, int total, Recorder recorder, CountDownLatch phaseDone) {
            this.start = start;
            this.rate = rate;
            this.total = total;
            this.next = index;
            this.unfinished = total > index ? (total - index + workers - 1) / workers : 0;
            this.recorder = recorder;
            this.phaseDone = phaseDone;
            if (unfinished == 0) {
                phaseDone.countDown();
            } else {
                pace();
            }
        }

        void startClosedLoop(int lanes, long end, Recorder recorder, CountDownLatch phaseDone) {
            this.end = end;
            this.unfinished = lanes;
            this.recorder = recorder;
            this.phaseDone = phaseDone;
            if (lanes == 0) {
                phaseDone.countDown();
            }
            for (int lane = 0; lane < lanes; lane++) {
                dispatch(new Request(System.nanoTime(), true));
            }
        }

        private long due(int i) {
            return start + i * 1_000_000_000L / rate;
        }

        private void pace() {
            for (; next < total; next += workers) {
                long due = due(next);
                long early = due - System.nanoTime();
                if (early > 0) {
                    loop.schedule(pace, early, TimeUnit.NANOSECONDS);
                    return;
                }
                dispatch(new Request(due, false));
            }
        }

        private void dispatch(Request request) {
            Connection connection = idle.pollFirst();
            if (connection != null) {
                connection.send(request);
            } else {
                waiting.addLast(request);
                connectIfNeeded();
            }
        }

        private void connectIfNeeded() {
            while (connecting < waiting.size() && open < maxConnections) {
                open++;
                connecting++;
                bootstrap.connect().addListener((ChannelFuture f) -> {
                    connecting--;
                    if (f.isSuccess()) {
                        Connection connection = f.channel().pipeline().get(Connection.class);
                        connections.add(connection);
                        release(connection);
                    } else {
                        open--;
                        Request request = waiting.pollFirst();
                        if (request != null) {
                            complete(request, f.cause().toString());
                        }
                    }
                });
            }
        }

        long nextSequence() {
            return firstSequence + sent++ * workers + index;
        }

        void release(Connection connection) {
            Request request = waiting.pollFirst();
            if (request != null) {
                connection.send(request);
            } else {
                idle.addFirst(connection);
            }
        }

        void closed(Connection connection) {
            open--;
            idle.remove(connection);
            connections.remove(connection);
            connectIfNeeded();
        }

        void complete(Request request, String error) {
            long now = System.nanoTime();
            recorder.add(now - request.due, error != null);
            if (error != null) {
                FIRST_ERROR.compareAndSet("", error);
            }
            if (!request.lane || now >= end) {
                if (--unfinished == 0) {
                    phaseDone.countDown();
                }
            } else {
                request.due = now;
                if (error == null) {
                    dispatch(request);
                } else {
                    // Through the task queue: a connection refused at once would otherwise recurse without end.
                    loop.execute(() -> dispatch(request));
                }
            }
        }

        /**
         * Fails the requests that have waited for a response, or for a connection, for longer than the timeout.
         * Once a second rather than a timer per request, which would cost a heap insert and removal on each.
         */
        private void expire() {
            long now = System.nanoTime();
            // A copy: failing a request closes its connection, which leaves the list.
            for (Connection connection : List.copyOf(connections)) {
                connection.expire(now);
            }
            while (!waiting.isEmpty() && now - waiting.peekFirst().due >= TIMEOUT_NANOS) {
                complete(waiting.pollFirst(), "no connection within 30 s");
            }
        }
    }

    /** One keep-alive connection; it reads the response as it comes and keeps only an error's first bytes. */
    static final class Connection extends ChannelInboundHandlerAdapter {
        private static final int ERROR_TEXT_LIMIT = 500;

        private final Worker worker;
        private final Channel channel;
        private Request current;
        private boolean keepAlive;
        private StringBuilder error;

        Connection(Worker worker, Channel channel) {
            this.worker = worker;
            this.channel = channel;
        }

        void send(Request request) {
            current = request;
            // A void promise: a failed write reaches exceptionCaught, with no listener to allocate per request.
            ByteBuf bytes = worker.target.request(channel.alloc(), worker.nextSequence());
            channel.writeAndFlush(bytes, channel.voidPromise());
        }

        void expire(long now) {
            if (current != null && now - current.due >= TIMEOUT_NANOS) {
                fail("no response within 30 s");
            }
        }

        private void fail(String text) {
            Request request = current;
            current = null;
            channel.close();
            worker.complete(request, text);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (current == null) {
                    ctx.close();
                } else if (((HttpObject) msg).decoderResult().isFailure()) {
                    fail("bad response: " + ((HttpObject) msg).decoderResult().cause());
                } else {
                    read(msg);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void read(Object msg) {
            if (msg instanceof HttpResponse response) {
                keepAlive = HttpUtil.isKeepAlive(response);
                int status = response.status().code();
                error = status == 200 ? null : new StringBuilder().append(status).append(' ');
            }
            if (msg instanceof HttpContent content) {
                ByteBuf body = content.content();
                int length = error == null ? 0 : Math.min(body.readableBytes(), ERROR_TEXT_LIMIT - error.length());
                if (length > 0) {
                    error.append(body.toString(body.readerIndex(), length, StandardCharsets.UTF_8));
                }
                if (msg instanceof LastHttpContent) {
                    Request request = current;
                    String text = error == null ? null : error.toString();
                    current = null;
                    if (keepAlive) {
                        worker.release(this);
                    } else {
                        channel.close();
                    }
                    worker.complete(request, text);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (current != null) {
                fail(cause.toString());
            } else {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            worker.closed(this);
            if (current != null) {
                fail("connection closed before the response");
            }
        }
    }

    /** Runs the phases: each worker takes its share, and the main thread waits for all of them to finish. */
    record Run(List<Worker> workers, int rate, int concurrency) {

        long sent() {
            return workers.stream().mapToLong(Worker::sent).sum();
        }

        Result phase(int seconds) throws InterruptedException {
            return rate > 0 ? openLoop(seconds) : closedLoop(seconds);
        }

        private Result openLoop(int seconds) throws InterruptedException {
            long start = System.nanoTime() + 10_000_000L;
            List<Recorder> recorders = run((w, r, done) -> w.startOpenLoop(start, rate, rate * seconds, r, done));
            return Result.of(recorders, (System.nanoTime() - start) / 1e9);
        }

        private Result closedLoop(int seconds) throws InterruptedException {
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            int n = workers.size();
            List<Recorder> recorders = run((w, r, done) ->
                    w.startClosedLoop(concurrency / n + (w.index < concurrency % n ? 1 : 0), end, r, done));
            return Result.of(recorders, (System.nanoTime() - start) / 1e9);
        }

        interface Phase {
            void start(Worker worker, Recorder recorder, CountDownLatch done);
        }

        private List<Recorder> run(Phase phase) throws InterruptedException {
            CountDownLatch done = new CountDownLatch(workers.size());
            List<Recorder> recorders = new ArrayList<>();
            for (Worker worker : workers) {
                Recorder recorder = new Recorder();
                recorders.add(recorder);
                worker.loop.execute(() -> phase.start(worker, recorder, done));
            }
            done.await();
            return recorders;
        }
    }

    record Result(long[] sortedLatenciesNanos, int errors, double seconds) {

        static Result of(List<Recorder> recorders, double seconds) {
            long[] all = new long[recorders.stream().mapToInt(r -> r.count).sum()];
            int at = 0;
            int errors = 0;
            for (Recorder r : recorders) {
                System.arraycopy(r.latencies, 0, all, at, r.count);
                at += r.count;
                errors += r.errors;
            }
            Arrays.sort(all);
            return new Result(all, errors, seconds);
        }

        /** {@code sent} counts the warm-up too, so that a server's CPU time can be divided by it. */
        String json(String label, String mode, int level, long sent) {
            long[] sorted = sortedLatenciesNanos;
            return String.format(Locale.ROOT, "{\"label\": \"%s\", \"%s\": %d, \"sent\": %d, \"completed\": %d, "
                    + "\"errors\": %d, \"throughput_rps\": %.1f, \"p50_ms\": %.3f, \"p90_ms\": %.3f, \"p99_ms\": %.3f, "
                    + "\"p999_ms\": %.3f, \"max_ms\": %.3f, \"first_error\": \"%s\"}",
                    label, mode, level, sent, sorted.length, errors, sorted.length / seconds, pct(sorted, 0.50),
                    pct(sorted, 0.90), pct(sorted, 0.99), pct(sorted, 0.999),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                    FIRST_ERROR.get().replace("\\", "/").replace("\"", "'").replace("\n", " ").replace("\r", " "));
        }

        private static double pct(long[] sorted, double q) {
            if (sorted.length == 0) {
                return 0;
            }
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
        }
    }
}
