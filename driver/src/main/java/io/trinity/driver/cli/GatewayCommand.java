package io.trinity.driver.cli;

import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = "Serve the pool over an OpenAI-compatible HTTP API until interrupted.")
final class GatewayCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--pool", required = true, description = "pool file (YAML)")
  Path pool;

  @Option(names = "--port", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE}; 0 = any free)")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE}); "
      + "beyond loopback the pool file needs auth_token_env (or allow_unauthenticated: true)")
  String host;

  @Option(names = "--answer-key", description = "answer key for simulated models (overrides the pool file's)")
  Path answerKey;

  @Override
  public Integer call() throws InterruptedException {
    GatewayServer.Builder builder = GatewayServer.builder().pool(PoolConfig.load(pool)).host(host).port(port);
    if (answerKey != null) {
      builder.answerKey(answerKey);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (GatewayServer server = builder.build()) {
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      spec.commandLine().getOut().println("gateway listening at " + server.baseUrl());
      spec.commandLine().getOut().flush();
      stopped.await();
    }
    return 0;
  }
}
