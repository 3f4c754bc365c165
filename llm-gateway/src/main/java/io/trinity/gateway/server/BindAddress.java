package io.trinity.gateway.server;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether a bind address keeps a server on this machine, which decides whether it may run without a token. */
public final class BindAddress {
    private BindAddress() {
    }

    /**
     * True when every address {@code host} names is a loopback address. The wildcard ({@code 0.0.0.0}, {@code ::})
     * and a name that does not resolve count as reachable from elsewhere: when in doubt, ask for a token.
     */
    public static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
