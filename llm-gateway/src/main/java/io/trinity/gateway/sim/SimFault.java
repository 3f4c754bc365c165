package io.trinity.gateway.sim;

import io.trinity.gateway.pool.SimFaults;

/** What goes wrong with one attempt at a simulated call; {@link #NONE} when it is served normally. */
enum SimFault {
    NONE, RATE_LIMITED, SERVER_ERROR, TIMEOUT, SLOW, MALFORMED_JSON, TRUNCATED_STREAM;

    /** Picks the fault whose slice of [0, 1) holds {@code u}, the slices laid out in declaration order. */
    static SimFault draw(SimFaults faults, double u) {
        double[] rates = {faults.rateLimited(), faults.serverError(), faults.timeout(), faults.slow(),
                faults.malformedJson(), faults.truncatedStream()};
        double edge = 0;
        for (int i = 0; i < rates.length; i++) {
            edge += rates[i];
            if (u < edge) {
                return values()[i + 1];
            }
        }
        return NONE;
    }
}
