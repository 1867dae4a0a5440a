package dev.twinops.rollout.bench;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import com.microsoft.azure.sdk.iot.service.jobs.DirectMethodsJobOptions;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import dev.twinops.rollout.e2e.LocalRehearsal;
import dev.twinops.rollout.json.RolloutJson;
import dev.twinops.rollout.plan.OperationSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * {@link FirmwareUpdateFloorBenchmark}'s floor and update with the fleet in child JVMs, as the console runs a large
 * fleet: split into parts ({@link FleetPartWorker}) of one numbering ({@code u-0001..}), sizes differing by one at
 * most, the connections at once split between them as the console's {@code SimulatedFleetLauncher} splits them.
 * The hub runs in this process, as the console's embedded hub does. In one run: every device power-cycled at once
 * (the floor: that plus one download and the apply), the firmware update (one scheduled method job over every
 * device, after one device of each part went through it to warm its JVM), click to every device reporting
 * {@code current}, and the floor again; the CPU of the fleet's JVMs (from the OS) and of this process (the hub).
 * <pre>
 * java -XX:TieredStopAtLevel=1 -Dlogback.configurationFile=dev/twinops/rollout/cli/logback-cli.xml -cp $CP \
 *     dev.twinops.rollout.bench.FirmwareUpdateSplitFleetBenchmark 1000 4
 * </pre>
 * Arguments: devices (1000), parts, i.e. child JVMs (4), connections at once in all (16).
 */
public final class FirmwareUpdateSplitFleetBenchmark {

    private static final int PACKAGE_BYTES = 64 * 1024;
    private static final double ONE_DOWNLOAD_SECONDS = PACKAGE_BYTES / (512.0 * 1024);
    private static final double APPLY_SECONDS = 0.3;

    private FirmwareUpdateSplitFleetBenchmark() {
    }

    /** A child JVM running devices {@code first}..; its commands and answers are lines (FleetPartWorker). */
    private record Part(int first, Process process, BufferedReader out, PrintWriter in) {
        long await(String word) throws Exception {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(word + " ")) {
                    return Long.parseLong(line.substring(word.length() + 1).trim());
                }
            }
            throw new IllegalStateException("the part from device " + first + " ended before '" + word + "'");
        }

        void send(String command) {
            in.println(command);
            in.flush();
        }

        double cpuSeconds() {
            return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO).toMillis() / 1000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int parts = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        Path dir = Files.createTempDirectory("firmware-split-fleet-benchmark");
        Path firmware = Files.createDirectories(dir.resolve("firmware"));
        byte[] bytes = new byte[PACKAGE_BYTES];
        new Random(7).nextBytes(bytes);
        String uri = Files.write(firmware.resolve("image.bin"), bytes).toUri().toString();
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        try (LocalRehearsal stage = new LocalRehearsal(dir.resolve("hub"))) {
            List<Part> all = new ArrayList<>();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            long t0 = System.currentTimeMillis();
            int first = 1;
            for (int n = 1; n <= parts; n++) {
                int count = devices / parts + (n <= devices % parts ? 1 : 0);
                int share = Math.max(1, connections / parts + (n <= connections % parts ? 1 : 0));
                ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1",
                        "-Dlogback.configurationFile=dev/twinops/rollout/cli/logback-cli.xml",
                        "-cp", System.getProperty("java.class.path"), FleetPartWorker.class.getName(),
                        stage.target.deviceHostName() + "," + stage.target.serviceEndpoint() + ","
                                + stage.info.caCertificatePath(), "u-", String.valueOf(first), String.valueOf(count),
                        String.valueOf(share), firmware.toString())
                        .redirectError(dir.resolve("part-" + n + ".log").toFile());
                builder.environment().put(FleetPartWorker.HUB_ENV, stage.info.serviceConnectionString());
                Process p = builder.start();
                all.add(new Part(first, p, new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8)), new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8)));
                first += count;
            }
            long online = 0;
            for (Part part : all) {
                online = Math.max(online, part.await("online"));
            }
            System.out.printf(Locale.ROOT, "%d devices in %d JVMs, %d connections at once in all: online in %.1f s; "
                    + "load average %.2f%n", devices, parts, connections, (online - t0) / 1000.0, load());
            double storm1 = storm(all, devices);
            double update = update(stage, all, devices, uri, sha256);
            double storm2 = storm(all, devices);
            double floor = (storm1 + storm2) / 2 + ONE_DOWNLOAD_SECONDS + APPLY_SECONDS;
            System.out.printf(Locale.ROOT, "floor: reconnect storm %.1f s and %.1f s + one download %.3f s + apply %.1f "
                    + "s = %.1f s%nfirmware update %.1f s = %.2fx the floor; load average at the end %.2f%n", storm1,
                    storm2, ONE_DOWNLOAD_SECONDS, APPLY_SECONDS, floor, update, update / floor, load());
            for (Part part : all) {
                part.in().close();
            }
            for (Part part : all) {
                part.process().waitFor();
            }
        }
        System.exit(0);
    }

    /** Every device power-cycled at once; seconds until the last is online again with its state reported. */
    private static double storm(List<Part> all, int devices) throws Exception {
        Cpu cpu = new Cpu(all);
        long start = System.currentTimeMillis();
        for (Part part : all) {
            part.send("cycle");
        }
        long last = 0;
        for (Part part : all) {
            last = Math.max(last, part.await("cycled"));
        }
        double seconds = (last - start) / 1000.0;
        System.out.printf(Locale.ROOT, "reconnect storm: %d devices back online in %.1f s; %s; load average %.2f%n",
                devices, seconds, cpu.since(devices, seconds), load());
        return seconds;
    }

    private static double update(LocalRehearsal stage, List<Part> all, int devices, String uri, String sha256)
            throws Exception {
        ScheduledJobsClient jobs = new ScheduledJobsClient(stage.info.serviceEndpoint(), new AzureSasCredential(
                new IotHubServiceSasToken(IotHubConnectionStringBuilder.createIotHubConnectionString(
                        stage.info.serviceConnectionString())).toString()));
        // warm, as a console is when its operator clicks: each JVM's first device through the whole path first
        for (Part part : all) {
            part.send("watch 1.9.0 1");
        }
        String firsts = all.stream().map(p -> String.format(Locale.ROOT, "'u-%04d'", p.first()))
                .collect(Collectors.joining(", "));
        schedule(jobs, "warm-up", "deviceId IN [" + firsts + "]", OperationSpec.firmwareUpdate(uri, "1.9.0", sha256));
        for (Part part : all) {
            part.await("current");
        }
        for (Part part : all) {
            part.send("watch 2.0.0");
        }
        Cpu cpu = new Cpu(all);
        long click = System.currentTimeMillis();
        schedule(jobs, "update-all", "STARTSWITH(deviceId, 'u-')", OperationSpec.firmwareUpdate(uri, "2.0.0", sha256));
        long last = 0;
        for (Part part : all) {
            last = Math.max(last, part.await("current"));
        }
        double seconds = (last - click) / 1000.0;
        System.out.printf(Locale.ROOT, "firmware update: click to all %d current %.1f s; %s%n", devices, seconds,
                cpu.since(devices, seconds));
        return seconds;
    }

    private static void schedule(ScheduledJobsClient jobs, String id, String condition, OperationSpec op)
            throws Exception {
        jobs.scheduleDirectMethod(id, condition, op.wireMethodName(), new Date(), DirectMethodsJobOptions.builder()
                .payload(RolloutJson.mapper().convertValue(op.payloadFor(id + "-1"), Object.class))
                .methodResponseTimeoutSeconds(30).methodConnectTimeoutSeconds(0).maxExecutionTimeSeconds(600)
                .build());
    }

    /** CPU of the fleet's JVMs (as the OS counts it) and of this process, the hub's, over a phase. */
    private static final class Cpu {
        private final List<Part> parts;
        private final double fleet;
        private final double hub;

        Cpu(List<Part> parts) {
            this.parts = parts;
            this.fleet = fleetSeconds();
            this.hub = hubSeconds();
        }

        private double fleetSeconds() {
            return parts.stream().mapToDouble(Part::cpuSeconds).sum();
        }

        private static double hubSeconds() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1e9;
        }

        String since(int devices, double seconds) {
            double f = fleetSeconds() - fleet;
            double h = hubSeconds() - hub;
            return String.format(Locale.ROOT, "CPU a device: fleet JVMs %.1f ms, hub process %.1f ms (%.1f of %d cores "
                    + "busy)", f * 1000 / devices, h * 1000 / devices, (f + h) / seconds,
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
