package io.github.discordgateway.test.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

/**
 * A Redis Cluster of three masters without replicas on loopback, each a redis-server
 * process of its own (from the same place as {@link RedisServerExtension}'s), for tests
 * of code that must work on a cluster: multi-key scripts need their keys in one hash
 * slot. Close it after use.
 */
public final class RedisCluster implements AutoCloseable {

	private static final int SLOTS = 16384;

	private static final int MASTERS = 3;

	private static final Duration FORMING_TIMEOUT = Duration.ofSeconds(30);

	private final List<RedisServer> nodes;

	private RedisCluster(List<RedisServer> nodes) {
		this.nodes = nodes;
	}

	/**
	 * Starts the nodes, gives each a third of the hash slots, introduces them to each
	 * other and waits until every node reports the cluster ok.
	 * @return the cluster
	 */
	public static RedisCluster start() {
		List<RedisServer> nodes = new ArrayList<>();
		try {
			for (int i = 0; i < MASTERS; i++) {
				nodes.add(RedisServer.startProcess(List.of("--cluster-enabled", "yes", "--cluster-config-file",
						"nodes.conf", "--cluster-node-timeout", "5000")));
			}
			form(nodes);
			return new RedisCluster(List.copyOf(nodes));
		}
		catch (RuntimeException ex) {
			nodes.forEach(RedisServer::close);
			throw ex;
		}
	}

	private static void form(List<RedisServer> nodes) {
		RedisClient client = RedisClient.create();
		List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
		try {
			for (RedisServer node : nodes) {
				connections.add(client.connect(RedisURI.create("127.0.0.1", node.port())));
			}
			for (int i = 0; i < MASTERS; i++) {
				int from = i * SLOTS / MASTERS;
				int to = (i + 1) * SLOTS / MASTERS;
				connections.get(i).sync().clusterAddSlots(IntStream.range(from, to).toArray());
			}
			for (int i = 1; i < MASTERS; i++) {
				connections.get(0).sync().clusterMeet("127.0.0.1", nodes.get(i).port());
			}
			long deadline = System.nanoTime() + FORMING_TIMEOUT.toNanos();
			while (!connections.stream().allMatch(RedisCluster::reportsOk)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The Redis Cluster on " + nodes + " did not form within "
							+ FORMING_TIMEOUT.toSeconds() + " s");
				}
				if (!RedisServer.pause(Duration.ofMillis(50))) {
					throw new IllegalStateException("Interrupted while the Redis Cluster formed");
				}
			}
		}
		finally {
			connections.forEach(StatefulRedisConnection::close);
			client.shutdown();
		}
	}

	private static boolean reportsOk(StatefulRedisConnection<String, String> connection) {
		String info = connection.sync().clusterInfo();
		return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + MASTERS);
	}

	/**
	 * The nodes as {@code spring.data.redis.cluster.nodes} takes them.
	 * @return {@code 127.0.0.1:<port>,...}
	 */
	public String nodes() {
		return this.nodes.stream().map((node) -> "127.0.0.1:" + node.port()).collect(Collectors.joining(","));
	}

	/** A new started connection factory for the cluster; destroy it after use. */
	public LettuceConnectionFactory connectionFactory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisClusterConfiguration(List.of(nodes().split(","))));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/** Stops every node. */
	@Override
	public void close() {
		this.nodes.forEach(RedisServer::close);
	}

	@Override
	public String toString() {
		return "Redis Cluster " + nodes();
	}

}
