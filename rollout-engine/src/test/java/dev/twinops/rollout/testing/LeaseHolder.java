package dev.twinops.rollout.testing;

import dev.twinops.rollout.store.FileRolloutStore;
import dev.twinops.rollout.store.RolloutLease;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Another process that holds a rollout's lease, as a console or a command elsewhere would: {@link #start} runs it
 * in a JVM of its own, on this JVM's class path; it says "held" once it has the lease, and lets go when its
 * standard input closes or it is killed.
 */
public final class LeaseHolder {

    private LeaseHolder() {
    }

    /** {@code HOME ROLLOUT-ID HOLDER}. */
    public static void main(String[] args) throws IOException {
        try (RolloutLease lease = new FileRolloutStore(Path.of(args[0])).lease(args[1], args[2])) {
            System.out.println("held");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
    }

    /** Starts a process holding {@code rolloutId}'s lease in {@code home}; returns once it holds it. */
    public static Process start(Path home, String rolloutId, String holder) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), LeaseHolder.class.getName(),
                home.toString(), rolloutId, holder));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null && System.nanoTime() < deadline; ) {
            if (line.equals("held")) {
                return process;
            }
            seen.append(line).append('\n');
        }
        process.destroyForcibly();
        throw new IllegalStateException("the lease holder did not take the lease:\n" + seen);
    }
}
