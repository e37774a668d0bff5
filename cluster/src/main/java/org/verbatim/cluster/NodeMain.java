package org.verbatim.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * Runs one OpenSearch node in this JVM until it is stopped, its owner process is gone, or its
 * deadline passes. One JVM per node, so that one node can be killed (SIGKILL) alone while the
 * others serve.
 *
 * <p>Usage: {@code NodeMain HOME OWNER_PID DEADLINE_EPOCH_SECONDS}. HOME holds config/opensearch.yml
 * and config/log4j2.properties (written by cluster/manage.py); data and logs go where that
 * opensearch.yml says. OWNER_PID 0 means no owner (only the deadline bounds the node's life).
 */
public final class NodeMain {
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);
    private static final long CLOSE_TIMEOUT_SECONDS = 20;

    private NodeMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: NodeMain HOME OWNER_PID DEADLINE_EPOCH_SECONDS");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        long ownerPid = Long.parseLong(args[1]);
        Instant deadline = Instant.ofEpochSecond(Long.parseLong(args[2]));

        // The owner is remembered with its start time, so a reused pid is not taken for it.
        Optional<ProcessHandle> owner = ownerPid > 0 ? ProcessHandle.of(ownerPid) : Optional.empty();
        if (ownerPid > 0 && (owner.isEmpty() || !owner.get().isAlive())) {
            System.err.println("owner process " + ownerPid + " is not running; not starting");
            System.exit(3);
        }
        Optional<Instant> ownerStart = owner.flatMap(handle -> handle.info().startInstant());
        if (!Instant.now().isBefore(deadline)) {
            System.err.println("deadline " + deadline + " has passed; not starting");
            System.exit(3);
        }

        Path config = home.resolve("config");
        // Node looks in modules/ and plugins/ beside config/ even when every plugin comes from the
        // classpath; empty folders say there are none.
        Files.createDirectories(home.resolve("modules"));
        Files.createDirectories(home.resolve("plugins"));
        Settings input = Settings.builder().put(Environment.PATH_HOME_SETTING.getKey(), home.toString()).build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(input, Map.of(), config, () -> "node");

        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(Node.NODE_NAME_SETTING.get(environment.settings()));
        LogConfigurator.configure(environment);
        Logger logger = LogManager.getLogger(NodeMain.class);

        // The watch begins before the node is built and started: both can take minutes on a
        // loaded machine, and a node whose owner dies meanwhile must not be left behind.
        AtomicReference<Node> built = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(built.get(), stopped), "verbatim-node-shutdown"));
        Thread watch = new Thread(() -> watch(logger, ownerPid, ownerStart, deadline, stopped), "verbatim-owner-watch");
        watch.setDaemon(true);
        watch.start();
        logger.info("watching owner pid {}, deadline {}", ownerPid > 0 ? ownerPid : "none", deadline);

        Node node = new LocalNode(environment, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class));
        built.set(node);
        node.start();
        logger.info("started");
        stopped.await(); // the watch ends the JVM by the deadline at the latest
    }

    /** The shutdown hook: closes the node if one was built, halting the JVM if that hangs. */
    private static void close(Node node, CountDownLatch stopped) {
        haltAfter(Duration.ofSeconds(CLOSE_TIMEOUT_SECONDS + 20));
        try {
            if (node != null) {
                node.close();
                node.awaitClose(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            stopped.countDown();
        }
    }

    /** Every second: exits the JVM (closing the node) once the owner is gone or the deadline passed. */
    private static void watch(Logger logger, long ownerPid, Optional<Instant> ownerStart, Instant deadline,
                              CountDownLatch stopped) {
        try {
            while (!stopped.await(WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                String reason = whyStop(ownerPid, ownerStart, deadline);
                if (reason != null) {
                    logger.info("stopping: {}", reason);
                    System.exit(0); // runs the shutdown hook, which closes the node
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A closing node that hangs is halted: the process must end even if close() does not. */
    private static void haltAfter(Duration bound) {
        Thread guard = new Thread(() -> {
            try {
                Thread.sleep(bound.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(1);
        }, "verbatim-halt-guard");
        guard.setDaemon(true);
        guard.start();
    }

    /** Why the node should stop now, or null while its owner lives and its deadline is ahead. */
    private static String whyStop(long ownerPid, Optional<Instant> ownerStart, Instant deadline) {
        if (!Instant.now().isBefore(deadline)) {
            return "maximum lifetime reached (" + deadline + ")";
        }
        if (ownerPid <= 0) {
            return null;
        }
        Optional<ProcessHandle> owner = ProcessHandle.of(ownerPid);
        if (owner.isEmpty() || !owner.get().isAlive()) {
            return "owner process " + ownerPid + " has exited";
        }
        if (ownerStart.isPresent() && !ownerStart.equals(owner.get().info().startInstant())) {
            return "owner process " + ownerPid + " has exited (its pid now names another process)";
        }
        return null;
    }
}
