import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Starts the Trinity gateway for the benchmark. Usage: java -cp CLASSPATH BenchGateway.java POOL_FILE PORT */
public class BenchGateway {

    public static void main(String[] args) throws Exception {
        GatewayServer gateway = GatewayServer.builder().pool(PoolConfig.load(Path.of(args[0])))
                .port(Integer.parseInt(args[1])).build().start();
        System.out.println("trinity gateway ready at " + gateway.baseUrl());
        new CountDownLatch(1).await();
    }
}
