package io.trinity.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.pool.PoolConfigException;
import io.trinity.gateway.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A gateway that other machines can reach holds the pool's keys and budget: beyond loopback it refuses to start
 * without a bearer token unless the pool file says {@code allow_unauthenticated: true}. Reached over 127.0.0.1.
 */
class BindAuthenticationTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static PoolConfig pool(String top) {
        return PoolConfig.parse(top + Fixtures.simPool("sim-a", 0.5, 0, 0), "bind-pool.yaml");
    }

    private int status(GatewayServer gateway, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/v1/models"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void beyondLoopbackWithoutATokenTheGatewayRefusesToStart() {
        PoolConfigException e = assertThrows(PoolConfigException.class,
                () -> GatewayServer.builder().pool(pool("")).host("0.0.0.0").port(0).build());
        assertTrue(e.getMessage().startsWith("bind-pool.yaml: the gateway would listen on 0.0.0.0"), e.getMessage());
        assertTrue(e.getMessage().contains("auth_token_env") && e.getMessage().contains("allow_unauthenticated"),
                e.getMessage());
    }

    @Test
    void allowUnauthenticatedLetsItListenBeyondLoopbackWithoutAToken() throws Exception {
        try (GatewayServer gateway = GatewayServer.builder().pool(pool("allow_unauthenticated: true\n"))
                .host("0.0.0.0").port(0).build().start()) {
            assertEquals(200, status(gateway, null));
        }
    }

    @Test
    void allowUnauthenticatedMustBeABoolean() {
        PoolConfigException e = assertThrows(PoolConfigException.class, () -> pool("allow_unauthenticated: yes!\n"));
        assertTrue(e.getMessage().contains("key 'allow_unauthenticated' must be true or false"), e.getMessage());
    }

    @Test
    void aTokenFromThePoolFileLetsItListenBeyondLoopback() throws Exception {
        try (GatewayServer gateway = GatewayServer.builder().pool(pool("auth_token_env: GW_TOKEN\n"))
                .environment(Map.of("GW_TOKEN", "pool-file-token")).host("0.0.0.0").port(0).build().start()) {
            assertEquals(401, status(gateway, null));
            assertEquals(200, status(gateway, "Bearer pool-file-token"));
        }
    }

    @Test
    void theBuildersTokenReplacesThePoolFilesOne() throws Exception {
        try (GatewayServer gateway = GatewayServer.builder().pool(pool("auth_token_env: GW_TOKEN\n"))
                .environment(Map.of("GW_TOKEN", "pool-file-token")).authToken("per-run-token")
                .host("0.0.0.0").port(0).build().start()) {
            assertEquals(401, status(gateway, null));
            assertEquals(401, status(gateway, "Bearer pool-file-token"));
            assertEquals(200, status(gateway, "Bearer per-run-token"));
        }
    }

    @Test
    void onLoopbackNoTokenIsNeeded() throws Exception {
        try (GatewayServer gateway = GatewayServer.builder().pool(pool("")).host("127.0.0.1").port(0).build()
                .start()) {
            assertEquals(200, status(gateway, null));
        }
    }

    @Test
    void loopbackMeansEveryAddressOfTheNameIsLoopback() {
        assertTrue(BindAddress.isLoopback("127.0.0.1"));
        assertTrue(BindAddress.isLoopback("::1"));
        assertTrue(BindAddress.isLoopback("localhost"));
        assertFalse(BindAddress.isLoopback("0.0.0.0"));
        assertFalse(BindAddress.isLoopback("::"));
        assertFalse(BindAddress.isLoopback("192.0.2.7"));
        assertFalse(BindAddress.isLoopback("no-such-host.invalid"));
    }
}
