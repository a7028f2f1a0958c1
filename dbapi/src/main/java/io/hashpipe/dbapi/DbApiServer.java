package io.hashpipe.dbapi;

import com.zaxxer.hikari.HikariDataSource;
import io.hashpipe.common.AbstractService;
import io.hashpipe.dbapi.internals.AdminGuard;
import io.hashpipe.dbapi.internals.Database;
import io.hashpipe.dbapi.internals.DbApiMetrics;
import io.hashpipe.dbapi.internals.Experiment;
import io.hashpipe.dbapi.internals.GroupCommitWriter;
import io.hashpipe.dbapi.internals.JdbcResultStore;
import io.hashpipe.dbapi.internals.ServerContext;
import io.hashpipe.dbapi.internals.ServerLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database API: a Netty HTTP server in front of a JDBC database, slow on purpose for experiments.
 * Starts the connection pool, the group-commit writers and the event loops, and stops them in order.
 *
 * <p>A {@link io.hashpipe.common.Service}: {@link #start()} opens the database and binds the port, and the server
 * is RUNNING once it returns. {@link #close(Duration)} is idempotent and safe from a shutdown hook: it stops
 * accepting connections, lets the writers store what they queued, then closes the connections and the pool.
 */
public final class DbApiServer extends AbstractService {

    private static final Logger log = LoggerFactory.getLogger(DbApiServer.class);
    /** Threads that run the blocking reads (GET /count, /results/{id}). */
    private static final int READ_THREADS = 2;

    private final DbApiConfig config;
    private final MeterRegistry registry;
    private final Experiment experiment;
    private final DbApiMetrics metrics;
    private HikariDataSource pool;
    private GroupCommitWriter writer;
    private ResultStore store;
    private ExecutorService reads;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    /** Nothing is opened here: {@link #start()} does. */
    public DbApiServer(DbApiConfig config, MeterRegistry registry) {
        super("dbapi");
        this.config = config;
        this.registry = registry;
        this.experiment = new Experiment(config.knobs());
        this.metrics = new DbApiMetrics(registry, experiment);
    }

    /**
     * Opens the database (creating table {@code results} if missing) and binds the port; RUNNING then. What
     * {@link #start()} throws:
     *
     * @throws ResultStoreException  when the database cannot be reached
     * @throws IllegalStateException when the port cannot be bound (for example it is taken), naming it
     */
    @Override
    protected void startUp() {
        open();
        running(); // outside this server's lock: a listener may read port() or store() from any thread
    }

    private synchronized void open() {
        String jdbcUrl = config.getString(DbApiConfig.JDBC_URL);
        pool = Database.open(jdbcUrl, config.getInt(DbApiConfig.DB_POOL_SIZE), registry);
        store = new JdbcResultStore(pool);
        writer = new GroupCommitWriter(pool, config.getInt(DbApiConfig.COMMIT_WRITERS),
                config.getInt(DbApiConfig.COMMIT_MAX_ROWS), metrics);
        writer.start();
        reads = Executors.newFixedThreadPool(READ_THREADS, new DefaultThreadFactory("hashpipe-dbapi-read", true));
        ServerLimits limits = new ServerLimits(config.getInt(DbApiConfig.MAX_BODY_BYTES), config.getInt(DbApiConfig.BATCH_MAX_ITEMS),
                config.getInt(DbApiConfig.READ_TIMEOUT_MS), config.getInt(DbApiConfig.IDLE_TIMEOUT_MS));
        String token = config.adminToken();
        bind(new ServerContext(writer, store, experiment, metrics, reads, config.getInt(DbApiConfig.TIMEOUT_HOLD_MS),
                new AdminGuard(token), limits));
        log.info("Database API listening on {}:{} (database {}; pool {}, {} writers, up to {} rows a commit; {}; admin {}; {})",
                config.getString(DbApiConfig.BIND_ADDRESS), port(), Database.redact(jdbcUrl), config.getInt(DbApiConfig.DB_POOL_SIZE),
                config.getInt(DbApiConfig.COMMIT_WRITERS), config.getInt(DbApiConfig.COMMIT_MAX_ROWS), limits,
                token == null ? "off" : "on (token set)", experiment.knobs());
    }

    private void bind(ServerContext context) {
        bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("hashpipe-dbapi-accept", true), NioIoHandler.newFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("hashpipe-dbapi-io", true), NioIoHandler.newFactory());
        String address = config.getString(DbApiConfig.BIND_ADDRESS);
        int port = config.getInt(DbApiConfig.PORT);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new DbApiServerInitializer(context));
        try {
            serverChannel = bootstrap.bind(address, port).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot listen on " + address + ":" + port + " (" + e.getMessage()
                    + "): another process may use the port; set dbapi.port (--port) to a free port, or 0 for any", e);
        }
    }

    /** The port the server listens on (the actual one when dbapi.port is 0). */
    public synchronized int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("DbApiServer not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * The base URI for clients on this machine: {@code http://127.0.0.1:port}; reachable when the bind
     * address is 127.0.0.1 (the default), another loopback address or 0.0.0.0.
     */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Reads what was stored; valid between {@link #start()} and {@link #close()}. */
    public synchronized ResultStore store() {
        if (store == null) {
            throw new IllegalStateException("DbApiServer not started");
        }
        return store;
    }

    /** Stops accepting, lets the writers store what they queued, closes the connections and the pool. */
    @Override
    protected synchronized void shutDown(Duration timeout) {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (writer != null) {
            writer.close();
        }
        shutdown(bossGroup);
        shutdown(workerGroup);
        if (reads != null) {
            reads.shutdownNow();
        }
        if (pool != null) {
            pool.close();
        }
        log.info("Database API stopped");
    }

    private static void shutdown(EventLoopGroup group) {
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
