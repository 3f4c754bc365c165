package io.trinity.gateway.server;

import io.trinity.gateway.api.Usage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Lock-free counters updated from many completion callbacks at once. */
final class StatsRecorder {

    private static final class Counters {
        final LongAdder calls = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder promptTokens = new LongAdder();
        final LongAdder completionTokens = new LongAdder();
        final DoubleAdder cost = new DoubleAdder();
    }

    private final Map<String, Counters> byModel;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    StatsRecorder(List<String> models) {
        Map<String, Counters> map = new LinkedHashMap<>();
        models.forEach(m -> map.put(m, new Counters()));
        this.byModel = Collections.unmodifiableMap(map);
    }

    void started() {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    void succeeded(String model, Usage usage) {
        Counters c = byModel.get(model);
        inFlight.decrementAndGet();
        c.calls.increment();
        c.promptTokens.add(usage.promptTokens());
        c.completionTokens.add(usage.completionTokens());
        c.cost.add(usage.cost());
    }

    void failed(String model) {
        Counters c = byModel.get(model);
        inFlight.decrementAndGet();
        c.calls.increment();
        c.failures.increment();
    }

    GatewayStats snapshot() {
        Map<String, ModelStats> models = new LinkedHashMap<>();
        byModel.forEach((name, c) -> models.put(name, new ModelStats(c.calls.sum(), c.failures.sum(),
                c.promptTokens.sum(), c.completionTokens.sum(), c.cost.sum())));
        return new GatewayStats(Collections.unmodifiableMap(models), inFlight.get(), maxInFlight.get());
    }
}
