package io.trinity.driver.gateway;

import io.trinity.driver.config.GatewaySection;
import io.trinity.driver.config.PoolSection;
import io.trinity.gateway.check.PoolCheck;
import io.trinity.gateway.check.PoolCheckReport;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.workers.episode.EpisodeSettings;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool check a training or evaluation job runs before its first episode (and again on every resume, at a few
 * tokens per model): every model the job chooses from gets one tiny call, through a gateway of the check's own or
 * through the external gateway the job uses. A problem stops the job before anything is spent on episodes and
 * before the run directory is touched, so the same command works once the pool is fixed.
 */
public final class Preflight {
  private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

  private Preflight() {}

  /**
   * Checks {@code models} of {@code pool} as a job with these sections and episode settings will call them,
   * unless {@code pool.preflight} is false.
   *
   * @throws PoolCheckFailedException naming every problem, one line each
   */
  public static void beforeJob(PoolSection section, GatewaySection gateway, PoolConfig pool, List<String> models,
      EpisodeSettings settings) {
    if (!section.preflight()) {
      LOG.info("pool check skipped (pool.preflight: false)");
      return;
    }
    PoolCheck.Builder check = PoolCheck.builder().pool(pool).models(models)
        .sampling(settings.temperature(), settings.precedence());
    if (gateway.url() != null) {
      check.externalGateway(URI.create(gateway.url()), gateway.apiKeyEnv() == null ? null
          : JobGateway.secret(gateway.apiKeyEnv(), "gateway.api_key_env names " + gateway.apiKeyEnv()));
    }
    PoolCheckReport report = check.build().run();
    if (!report.ok()) {
      LOG.error("pool check before the first episode:\n{}", report.text().stripTrailing());
      throw new PoolCheckFailedException(report);
    }
    LOG.info("pool check before the first episode (pool.preflight: false skips it):\n{}",
        report.text().stripTrailing());
  }
}
