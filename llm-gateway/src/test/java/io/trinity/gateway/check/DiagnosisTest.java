package io.trinity.gateway.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.pool.ModelSpec;
import io.trinity.gateway.pool.PoolConfig;
import org.junit.jupiter.api.Test;

/**
 * The failures the scripted upstreams of {@link PoolCheckTest} do not play, as the gateway hands them to a client:
 * an unknown model name, a wrong base URL, a timeout, a quota, a server error, a temperature refused.
 */
class DiagnosisTest {
    private static final ModelSpec GPT = PoolConfig.parse("""
            models:
              - name: gpt
                provider: openai
                base_url: https://api.example.com/v1
                api_key_env: OPENAI_KEY
                model: gpt-x
                price: {input_per_mtok: 1, output_per_mtok: 2}
            """, "diagnosis-pool.yaml").model("gpt");

    private static String problem(GatewayException e) {
        return Diagnosis.failed(GPT, e).problem();
    }

    @Test
    void eachFailureSaysWhatToFix() {
        assertEquals("model gpt: 404 from https://api.example.com/v1: the upstream does not know the model 'gpt-x' "
                + "(The model `gpt-x` does not exist); check the entry's model name",
                problem(new GatewayException(404, "invalid_request_error", "model 'gpt' failed: HTTP 404 "
                        + "invalid_request_error: The model `gpt-x` does not exist.", null, "model_not_found")));
        assertTrue(problem(new GatewayException(404, "invalid_request_error", "model 'gpt' failed: HTTP 404 "
                + "invalid_request_error: Not Found", null, null)).endsWith("base_url should be the API's root, "
                + "usually ending in /v1"));
        assertTrue(problem(new GatewayException(504, "timeout", "model 'gpt' failed: timeout: no response from "
                + "https://api.example.com/v1/chat/completions within PT1S", null, "upstream_timeout"))
                .startsWith("model gpt: no reply from https://api.example.com/v1 within its timeout_ms"));
        assertTrue(problem(new GatewayException(429, "rate_limit_error", "model 'gpt' failed: HTTP 429 "
                + "insufficient_quota: You exceeded your current quota", null, "rate_limit_exceeded"))
                .startsWith("model gpt: 429 from https://api.example.com/v1: rate limited or out of quota"));
        assertTrue(problem(new GatewayException(502, "upstream_error", "model 'gpt' failed: HTTP 500 server_error: "
                + "boom")).startsWith("model gpt: HTTP 500 from https://api.example.com/v1: the upstream failed (boom)"));
        assertTrue(problem(new GatewayException(400, "invalid_request_error", "model 'gpt' failed: HTTP 400 "
                + "invalid_request_error: Unsupported value: 'temperature'", "temperature", "unsupported_value"))
                .endsWith("set accepts_temperature: false in its pool entry"));
    }
}
