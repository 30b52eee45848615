package io.quorate.chaos.run;

import io.quorate.chaos.experiment.RandomNemesis;
import io.quorate.chaos.lab.ChaosLab;
import io.quorate.cli.InProcessCli;
import io.quorate.cli.CliException;
import io.quorate.cli.NodeApi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The background load of a nemesis phase, as Jepsen runs clients beside its nemesis: config-tree writes
 * through every node in turn (each must commit only with a majority; the event-history check judges
 * that), and HA migrations of the experiment's guests to random nodes. Counts what was acknowledged and
 * refused; it never fails a run by itself.
 */
final class Workload implements AutoCloseable {
    private static final long WRITE_EVERY_MS = 250;
    private static final long MIGRATE_EVERY_MS = 4000;

    private final ChaosLab lab;
    private final List<String> guests;
    private final Random random;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong writesOk = new AtomicLong();
    private final AtomicLong writesRefused = new AtomicLong();
    private final AtomicLong migrationsQueued = new AtomicLong();
    private final AtomicLong migrationsRefused = new AtomicLong();
    private volatile boolean running = true;

    Workload(ChaosLab lab, List<String> guests, long seed) {
        this.lab = lab;
        this.guests = guests;
        this.random = new Random(seed);
    }

    void start(List<RandomNemesis.Workload> kinds) {
        if (kinds.contains(RandomNemesis.Workload.CONFIG_WRITES)) {
            spawn("chaos-workload-writes", this::writes);
        }
        if (kinds.contains(RandomNemesis.Workload.HA_MIGRATIONS) && !guests.isEmpty()) {
            spawn("chaos-workload-migrations", this::migrations);
        }
    }

    private void spawn(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void writes() {
        long n = 0;
        while (pause(WRITE_EVERY_MS)) {
            String node = lab.nodeNames().get((int) (n % lab.nodeNames().size()));
            try {
                NodeApi.forDir(lab.nodeDir(node)).putBytes("/api2/json/cluster/fs/file?path=chaos-workload/w" + (n % 32),
                        ("write " + n + " via " + node + "\n").getBytes(StandardCharsets.UTF_8));
                writesOk.incrementAndGet();
            } catch (CliException e) {
                writesRefused.incrementAndGet(); // no quorum, node down, cut off: all expected under a nemesis
            }
            n++;
        }
    }

    private void migrations() {
        while (pause(MIGRATE_EVERY_MS)) {
            String sid;
            String to;
            String via;
            synchronized (random) {
                sid = guests.get(random.nextInt(guests.size()));
                to = lab.nodeNames().get(random.nextInt(lab.nodeNames().size()));
                via = lab.nodeNames().get(random.nextInt(lab.nodeNames().size()));
            }
            InProcessCli.Result result = InProcessCli.run("ha", "migrate", sid, to, "--dir", lab.nodeDir(via).toString());
            (result.ok() ? migrationsQueued : migrationsRefused).incrementAndGet();
        }
    }

    /** Waits between requests; false once stopped. */
    private boolean pause(long ms) {
        try {
            Thread.sleep(ms); // pacing the load, not synchronising with anything
        } catch (InterruptedException e) {
            return false;
        }
        return running;
    }

    /** One line per kind of load that ran. */
    List<String> summary() {
        List<String> lines = new ArrayList<>();
        if (writesOk.get() + writesRefused.get() > 0) {
            lines.add("config writes: " + writesOk.get() + " acknowledged, " + writesRefused.get() + " refused or unanswered");
        }
        if (migrationsQueued.get() + migrationsRefused.get() > 0) {
            lines.add("ha migrations: " + migrationsQueued.get() + " queued, " + migrationsRefused.get() + " refused");
        }
        return lines;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.interrupt();
            thread.join(15_000);
        }
    }
}
