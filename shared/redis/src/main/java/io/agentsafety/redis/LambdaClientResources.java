package io.agentsafety.redis;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.configuration.lettuce.ClientResourcesMutator;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.DefaultAddressResolverGroup;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Client resources for a Lambda-sized instance, through the framework's {@link ClientResourcesMutator} hook:
 * two I/O and two computation threads unless {@code redis.io-thread-pool-size}/{@code computation-thread-pool-size}
 * say otherwise,
 * a short capped reconnect backoff (20 ms doubling to 1 s) so a Redis that returns is used again quickly, and the
 * JDK's name resolution ({@link #ADDRESS_RESOLVER}).
 */
@Singleton
public class LambdaClientResources implements ClientResourcesMutator {

    static final int THREADS = 2;

    /**
     * Host names resolved by the JDK ({@code InetAddress}: the hosts file, the OS resolver, the JDK's cache) rather
     * than Lettuce's default, Netty's own DNS client. That client is built on each event loop's first connect, even
     * for {@code localhost} or a literal IP, and opens a UDP socket per event loop that stays open as long as the
     * client's resources. A function resolves its one endpoint once per connect, so a blocking lookup on the event
     * loop costs nothing it would notice. (Lettuce still builds its default DNS resolver group when its resources
     * class loads, so most of Netty's DNS classes load all the same: COLD-START.md, cold14.)
     */
    public static final AddressResolverGroup<?> ADDRESS_RESOLVER = DefaultAddressResolverGroup.INSTANCE;

    @Override
    public void mutate(ClientResources.Builder builder, AbstractRedisConfiguration config) {
        builder.ioThreadPoolSize(config.getIoThreadPoolSize() == null ? THREADS : config.getIoThreadPoolSize())
            .computationThreadPoolSize(config.getComputationThreadPoolSize() == null ? THREADS : config.getComputationThreadPoolSize())
            .reconnectDelay(reconnectDelay())
            .addressResolverGroup(ADDRESS_RESOLVER);
    }

    public static Delay reconnectDelay() {
        return Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS);
    }
}
