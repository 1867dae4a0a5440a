package dev.twinops.simulator.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * What one thread started and ended costs while many others are alive, as in a fleet's process: the device SDK
 * starts a thread for every twin answer and about a dozen for every new client, next to the ~9 long-lived threads of
 * each connected client. HotSpot publishes a new list of threads on every start and end and waits until no reader
 * holds the old one, so that cost grows with the live threads. With {@code table}, a lookup by thread id first makes
 * HotSpot build its thread-id table (as {@code ThreadMXBean.getThreadCpuTime(id)} does), which every exit then also
 * updates. Not a unit test; run as
 * <pre>
 * java -cp device-simulator/target/test-classes dev.twinops.simulator.bench.ThreadStartCostBenchmark \
 *     [idle threads=8000] [threads started=20000] [table|none]
 * </pre>
 */
public final class ThreadStartCostBenchmark {

    private static final int BATCH = 50;

    private ThreadStartCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int idle = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        int starts = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        boolean table = args.length > 2 && args[2].equals("table");
        CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < idle; i++) {
            Thread t = new Thread(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "idle-" + i);
            t.setDaemon(true);
            t.start();
        }
        if (table) {
            ManagementFactory.getThreadMXBean().getThreadCpuTime(Thread.currentThread().getId());
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        Thread[] batch = new Thread[BATCH];
        for (int i = 0; i < starts; i += BATCH) {
            for (int j = 0; j < BATCH; j++) {
                batch[j] = new Thread(() -> { });
                batch[j].start();
            }
            for (Thread t : batch) {
                t.join();
            }
        }
        System.out.printf(Locale.ROOT, "%d idle threads, %d threads started and ended (thread-id table: %s): "
                        + "%.0f us of CPU and %.0f us of wall time each%n", idle, starts, table,
                (os.getProcessCpuTime() - cpu) / 1e3 / starts, (System.nanoTime() - wall) / 1e3 / starts);
        never.countDown();
    }
}
