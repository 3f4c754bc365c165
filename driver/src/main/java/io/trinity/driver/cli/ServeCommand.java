package io.trinity.driver.cli;

import io.trinity.driver.serve.BindPolicy;
import io.trinity.driver.serve.CoordinatorServer;
import io.trinity.driver.serve.PoolAccess;
import io.trinity.driver.serve.ServeException;
import io.trinity.driver.serve.ServedHeads;
import io.trinity.driver.serve.ServedModel;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.workers.export.ReadOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve trained coordinators (head exports) as OpenAI-compatible models until interrupted.")
final class ServeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--head", required = true, description = "export folder or run directory (local path or Hadoop "
      + "FS URI); repeat to serve several heads")
  List<String> heads = new ArrayList<>();

  @Option(names = "--name", description = "model name of the i-th --head (default: trinity-<run id>)")
  List<String> names = new ArrayList<>();

  @Option(names = "--pool", required = true, description = "pool file (YAML): must offer every model the heads "
      + "pick; its gateway is started in-process unless --gateway-url is given")
  Path pool;

  @Option(names = "--answer-key", description = "answer key for simulated models (overrides the pool file's)")
  Path answerKey;

  @Option(names = "--gateway-url", description = "use the gateway at this URL (http://host:port/v1) instead of "
      + "starting one")
  URI gatewayUrl;

  @Option(names = "--gateway-key-env", description = "environment variable holding the external gateway's token")
  String gatewayKeyEnv;

  @Option(names = "--port", defaultValue = "8000", description = "port (default: ${DEFAULT-VALUE}; 0 = any free)")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE}); "
      + "anything beyond loopback needs --api-key-env")
  String host;

  @Option(names = "--api-key-env", description = "environment variable holding the bearer token clients must send")
  String apiKeyEnv;

  @Option(names = "--timeout-s", defaultValue = "600", description = "seconds one request's episode may take "
      + "(default: ${DEFAULT-VALUE})")
  long timeoutSeconds;

  @Option(names = "--model", description = "this machine's copy of the heads' Qwen3 snapshot (default: the folder "
      + "recorded at training)")
  Path model;

  @Option(names = "--allow-prompt-change", description = "serve a head trained with other role prompts than this "
      + "build's (it plays with this build's)")
  boolean allowPromptChange;

  /** The environment the token variables are read from; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws InterruptedException {
    String token = apiKeyEnv == null ? null : secret("--api-key-env", apiKeyEnv);
    BindPolicy.check(host, token != null);
    PoolConfig poolConfig = PoolConfig.load(pool);
    List<ServedModel> models = ServedHeads.load(heads, names,
        new ReadOptions(model, poolConfig.modelNames(), allowPromptChange), new Configuration());
    CountDownLatch stopped = new CountDownLatch(1);
    try (PoolAccess access = gatewayUrl != null
            ? PoolAccess.external(gatewayUrl, gatewayKeyEnv == null ? null : secret("--gateway-key-env", gatewayKeyEnv),
                poolConfig)
            : PoolAccess.inProcess(poolConfig, answerKey);
        CoordinatorServer server = CoordinatorServer.builder().models(models).pool(access.client()).host(host)
            .port(port).token(token).timeout(Duration.ofSeconds(timeoutSeconds)).build()) {
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      PrintWriter out = spec.commandLine().getOut();
      for (ServedModel served : models) {
        out.printf("serving %s (%s) at %s%n", served.name(), served.location(), server.baseUrl());
      }
      out.printf("pool: gateway at %s%s%n", access.url(), token == null ? "" : "; clients must send the bearer token "
          + "from " + apiKeyEnv);
      out.flush();
      stopped.await();
    }
    return 0;
  }

  /** The value of an environment variable a flag names; never printed. */
  private String secret(String flag, String variable) {
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      throw new ServeException(flag + " " + variable + ": the environment variable is not set");
    }
    return value;
  }
}
