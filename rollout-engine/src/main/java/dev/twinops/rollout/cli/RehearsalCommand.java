package dev.twinops.rollout.cli;

import dev.twinops.limits.IotHubTier;
import dev.twinops.limits.TierLimits;
import dev.twinops.rollout.files.OwnerOnlyFiles;
import dev.twinops.rollout.hub.HubCallException;
import dev.twinops.rollout.rehearsal.CopyEstimate;
import dev.twinops.rollout.rehearsal.CopyRequest;
import dev.twinops.rollout.rehearsal.CopyResult;
import dev.twinops.rollout.rehearsal.FleetShapeCopy;
import dev.twinops.rollout.rehearsal.RehearsalComparison;
import dev.twinops.rollout.rehearsal.SdkRehearsalHub;
import dev.twinops.rollout.rehearsal.SdkSourceFleet;
import dev.twinops.rollout.rehearsal.SourceFleet;
import dev.twinops.rollout.report.RolloutReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rollout-engine rehearsal estimate|copy|compare}: copy a fleet's shape from a hub (read only) to a local
 * rehearsal hub, and compare a rehearsal's report with the live run's.
 */
@Command(name = "rehearsal", mixinStandardHelpOptions = true,
        description = "Dress rehearsal: copy a fleet's shape to a local hub, compare predicted with actual.",
        subcommands = {RehearsalCommand.Estimate.class, RehearsalCommand.Copy.class, RehearsalCommand.Compare.class})
final class RehearsalCommand {

    @ParentCommand
    RolloutCommand root;

    /** Where the shape is read from, what, and at which budget: shared by estimate and copy. */
    static final class SourceOptions {
        @ArgGroup(exclusive = true, multiplicity = "1")
        From from;

        static final class From {
            @Option(names = "--from-connection-string-env", paramLabel = "VAR",
                    description = "Name of the environment variable holding the source hub's service connection "
                            + "string (a registryRead policy is enough: the source is only queried).")
            String connectionStringEnv;

            @Option(names = "--from-hub-data", paramLabel = "DIR",
                    description = "A running local hub as the source (its data directory).")
            Path hubData;
        }

        @Option(names = "--from-tier", paramLabel = "TIER",
                description = "The source hub's tier, F1, S1, S2 or S3, for the query budget and the estimate's "
                        + "time (default: S1 for a connection string, none for a local hub).")
        String tier;

        @Option(names = "--from-units", paramLabel = "N", defaultValue = "1",
                description = "The source hub's units (default: ${DEFAULT-VALUE}).")
        int units;

        @Option(names = "--query", paramLabel = "CONDITION",
                description = "Which devices: a twin query's WHERE part, e.g. \"tags.site = 'plant-north'\" "
                        + "(default: every device).")
        String query;

        @Option(names = "--scale", paramLabel = "N", defaultValue = "1",
                description = "Copy a deterministic, stratified sample of about 1/N of the devices, keeping the "
                        + "mix of firmware versions and tag values (default: ${DEFAULT-VALUE}, every device).")
        int scale;

        @Option(names = "--id-prefix", paramLabel = "PREFIX",
                description = "Put PREFIX before every device id on the rehearsal hub (default: the same ids).")
        String idPrefix;

        @Option(names = "--queries-per-minute", paramLabel = "N",
                description = "The copy's query budget on the source (default: three quarters of the tier's, 0 "
                        + "for none).")
        Integer queriesPerMinute;

        TierLimits tier() {
            if (tier == null) {
                return from.connectionStringEnv != null ? TierLimits.of(IotHubTier.S1, units) : null;
            }
            return TierLimits.of(IotHubTier.parse(tier), units);
        }

        CopyRequest request() {
            TierLimits limits = tier();
            CopyRequest request = new CopyRequest(query, scale, idPrefix, limits, CopyRequest.defaultBudget(limits));
            return queriesPerMinute == null ? request : request.withQueriesPerMinute(queriesPerMinute);
        }

        SourceFleet connect(java.util.function.Function<String, String> environment) throws IOException {
            if (from.hubData != null) {
                LocalHubConnection local = LocalHubConnection.open(from.hubData);
                return SdkSourceFleet.connect(local.serviceEndpoint(), local.serviceConnectionString());
            }
            String variable = from.connectionStringEnv;
            String cs = environment.apply(variable);
            if (cs == null || cs.isBlank()) {
                throw new IllegalArgumentException("the environment variable " + variable + " is not set: it must "
                        + "hold the source hub's service connection string");
            }
            return SdkSourceFleet.connect(HubOptions.hostName(cs, variable), cs.strip());
        }
    }

    @Command(name = "estimate", mixinStandardHelpOptions = true,
            description = "Counts the devices a copy would read (one query) and says what reading them costs on "
                    + "the source's tier.")
    static final class Estimate implements Callable<Integer> {
        @ParentCommand
        RehearsalCommand parent;
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        SourceOptions source;

        @Override
        public Integer call() throws Exception {
            CopyRequest request = source.request();
            CopyEstimate estimate = hubCall(() -> new FleetShapeCopy(source.connect(parent.root.environment), null,
                    Clock.systemUTC()).estimate(request));
            spec.commandLine().getOut().println(estimate.describe());
            return 0;
        }
    }

    @Command(name = "copy", mixinStandardHelpOptions = true,
            description = "Copies the devices' ids (or mapped ids), tags, reported firmware version and device info "
                    + "to a local rehearsal hub and writes the shape file the simulator's --shape reads. The source "
                    + "is only read; no key and no desired property is copied.")
    static final class Copy implements Callable<Integer> {
        @ParentCommand
        RehearsalCommand parent;
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        SourceOptions source;

        @Option(names = "--to-local-hub", paramLabel = "DIR", required = true,
                description = "The rehearsal hub: a running local hub's data directory.")
        Path toLocalHub;

        @Option(names = "--shape-out", paramLabel = "FILE", required = true,
                description = "Where to write the fleet shape (owner-only).")
        Path shapeOut;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            CopyRequest request = source.request();
            LocalHubConnection rehearsal = LocalHubConnection.open(toLocalHub);
            SourceFleet from = source.connect(parent.root.environment);
            FleetShapeCopy copy = new FleetShapeCopy(from, SdkRehearsalHub.connect(rehearsal.serviceEndpoint(),
                    rehearsal.serviceConnectionString()), Clock.systemUTC());
            CopyEstimate estimate = hubCall(() -> copy.estimate(request));
            out.println(estimate.describe());
            CopyResult result = hubCall(() -> copy.copy(request, estimate, null));
            result.shape().write(shapeOut);
            out.println(String.format(Locale.ROOT, "copied %d of %d devices read (%d created, %d there already, "
                            + "%d tagged, %d refused) in %.1f s with %d queries on %s; wrote %s", result.shape()
                            .devices().size(), result.read(), result.created(), result.existing(), result.tagged(),
                    result.refused().size(), result.took().toMillis() / 1000.0, result.queries() + 1,
                    from.hostName(), shapeOut));
            result.refused().entrySet().stream().limit(10).forEach(e -> out.println("  refused " + e.getKey()
                    + ": " + e.getValue()));
            return result.refused().isEmpty() ? 0 : RolloutCommand.ERROR;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Predicted (the rehearsal's report) against actual (the live run's), per wave, as a "
                    + "markdown table on standard output; JSON and CSV on request. Reports come from "
                    + "'rollout-engine report ID --json FILE'.")
    static final class Compare implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "REHEARSAL_REPORT")
        Path rehearsal;
        @Parameters(index = "1", paramLabel = "LIVE_REPORT")
        Path live;
        @Option(names = "--tier", paramLabel = "TIER",
                description = "The tier whose budget the shares are of: F1, S1, S2 or S3 (default: none shown).")
        String tier;
        @Option(names = "--units", paramLabel = "N", defaultValue = "1")
        int units;
        @Option(names = "--json", paramLabel = "FILE")
        Path json;
        @Option(names = "--csv", paramLabel = "FILE")
        Path csv;
        @Option(names = "--markdown", paramLabel = "FILE")
        Path markdown;

        @Override
        public Integer call() throws Exception {
            TierLimits limits = tier == null ? null : TierLimits.of(IotHubTier.parse(tier), units);
            RehearsalComparison c = RehearsalComparison.of(report(rehearsal), report(live), limits);
            PrintWriter out = spec.commandLine().getOut();
            out.print(c.toMarkdown());
            if (json != null) {
                OwnerOnlyFiles.writeAtomically(json.toAbsolutePath(), c.toJson());
                out.println("wrote " + json);
            }
            if (csv != null) {
                StringWriter text = new StringWriter();
                c.writeCsv(text);
                OwnerOnlyFiles.writeAtomically(csv.toAbsolutePath(), text.toString());
                out.println("wrote " + csv);
            }
            if (markdown != null) {
                OwnerOnlyFiles.writeAtomically(markdown.toAbsolutePath(), c.toMarkdown());
                out.println("wrote " + markdown);
            }
            return 0;
        }

        private static RolloutReport report(Path file) throws IOException {
            String text = Files.readString(file);
            try {
                return RolloutReport.fromJson(text);
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " is not a rollout report (rollout-engine report ID --json "
                        + "FILE writes one): " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    private interface HubWork<T> {
        T run() throws HubCallException, IOException, InterruptedException;
    }

    /** A hub's refusal or absence is the operator's to fix: one line, exit 1, no stack trace. */
    private static <T> T hubCall(HubWork<T> work) throws IOException, InterruptedException {
        try {
            return work.run();
        } catch (HubCallException e) {
            throw new HubFailure(e.getMessage());
        }
    }

    /** A hub call that failed; the command line prints its message alone. */
    static final class HubFailure extends RuntimeException {
        HubFailure(String message) {
            super(message);
        }
    }
}
