package dev.twinops.rollout.e2e;

import dev.twinops.limits.IotHubTier;
import dev.twinops.limits.TierLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The 200-device dress rehearsal of docs/rehearsal.md, two local hubs playing S1 with one unit (20 queries a minute,
 * the engine keeping to 15): prints the copy's estimate, how long each step took, and the comparison as markdown.
 *
 * <pre>
 * mvn -o -q -pl rollout-engine -am test-compile
 * mvn -o -q -pl rollout-engine exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.twinops.rollout.e2e.RehearsalRun -Dexec.args="200 1"
 * </pre>
 *
 * Arguments: devices (default 200), S1 units (default 1), scale (default 1).
 */
public final class RehearsalRun {

    private RehearsalRun() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int units = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int scale = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path dir = Files.createTempDirectory("dress-rehearsal");
        DressRehearsal.Outcome o;
        try (DressRehearsal stage = new DressRehearsal(dir, new DressRehearsal.Settings(devices,
                TierLimits.of(IotHubTier.S1, units), scale, 7, 1, Duration.ofSeconds(90)))) {
            o = stage.run();
            System.out.println("production untouched by the copy: "
                    + o.productionAfter().equals(o.productionBefore()) + " (" + o.productionBefore().size()
                    + " twins' version, etag, desired $version and tags compared)");
        }
        DressRehearsal.figures(o).forEach((k, v) -> System.out.println(k + ": " + v));
        System.out.println("rehearsal " + o.rehearsal().phase() + ", live " + o.live().phase());
        System.out.println();
        System.out.print(o.comparison().toMarkdown());
        System.exit(0);
    }
}
