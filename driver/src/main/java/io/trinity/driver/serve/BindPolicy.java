package io.trinity.driver.serve;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who may reach a served coordinator: every request spends the pool's money, so an address beyond this machine's
 * loopback is refused unless requests must carry a bearer token.
 */
public final class BindPolicy {
  private BindPolicy() {}

  public static void check(String host, boolean tokenRequired) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new ServeException("--host " + host + ": unknown host", e);
    }
    if (!address.isLoopbackAddress() && !tokenRequired) {
      throw new ServeException("--host " + host + " is reachable from other machines: serving there needs a bearer "
          + "token (--api-key-env VAR, with the token in that environment variable), or bind 127.0.0.1");
    }
  }
}
