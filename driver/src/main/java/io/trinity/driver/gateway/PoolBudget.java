package io.trinity.driver.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.gateway.server.GatewayServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the pool's budget is spent, so that training stops cleanly between generations and treats a generation
 * that failed on the budget as cut short rather than as an error. The in-process gateway knows; an external
 * Trinity gateway says so in {@code GET /accounting}. A gateway that cannot say (another product, or one that
 * does not answer) counts as not spent, and its failures stay failures.
 */
public interface PoolBudget {

  boolean spent();

  static PoolBudget of(GatewayServer gateway) {
    return gateway::budgetExhausted;
  }

  /** {@code baseUrl} is the gateway's OpenAI base URL ({@code .../v1}); the accounts are at its root. */
  static PoolBudget external(String baseUrl, String apiKey) {
    return new External(URI.create(baseUrl).resolve("/accounting"), apiKey);
  }

  final class External implements PoolBudget {
    private static final Logger LOG = LoggerFactory.getLogger(PoolBudget.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI accounting;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private boolean warned;

    private External(URI accounting, String apiKey) {
      this.accounting = accounting;
      this.apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey;
    }

    @Override
    public boolean spent() {
      HttpRequest.Builder request = HttpRequest.newBuilder(accounting).timeout(TIMEOUT).GET();
      if (apiKey != null) {
        request.header("Authorization", "Bearer " + apiKey);
      }
      try {
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 200) {
          JsonNode exhausted = JSON.readTree(response.body()).path("budget").path("exhausted");
          if (exhausted.isBoolean()) {
            return exhausted.booleanValue();
          }
        }
        unknown("HTTP " + response.statusCode() + " without budget.exhausted");
      } catch (IOException e) {
        unknown(e.getClass().getSimpleName() + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }

    private void unknown(String why) {
      if (!warned) {
        warned = true;
        LOG.info("the external gateway does not say whether its budget is spent ({} from {}); a spent budget "
            + "there fails the run instead of stopping it", why, accounting);
      }
    }
  }
}
