package dev.twinops.rollout.rehearsal;

import dev.twinops.rollout.hub.HubCallException;
import dev.twinops.rollout.hub.HubHost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a fleet's shape from a source hub to a rehearsal hub: first {@link #estimate} (one COUNT query), then
 * {@link #copy}: the devices' ids, tags, reported firmware version and device info are read with twin queries
 * (paced to the request's budget), sampled at the request's scale, created on the rehearsal hub in bulk (100 a
 * request) and tagged by twin updates. The source is only read: {@link SourceFleet} offers queries and nothing
 * else, and neither keys nor desired properties are read. Blocking; call it off a UI thread.
 *
 * <pre>{@code
 * FleetShapeCopy copy = new FleetShapeCopy(SdkSourceFleet.connect(host, sourceConnectionString),
 *         SdkRehearsalHub.connect(local.serviceEndpoint(), local.serviceConnectionString()), Clock.systemUTC());
 * CopyRequest request = CopyRequest.of("tags.site = 'plant-north'", 10, TierLimits.of(IotHubTier.S1, 1));
 * CopyEstimate estimate = copy.estimate(request);          // show estimate.describe(), then ask
 * CopyResult result = copy.copy(request, estimate, listener);
 * result.shape().write(Path.of("shape.json"));             // the simulator's --shape
 * }</pre>
 */
public final class FleetShapeCopy {

    /** Progress for a view: called on the copying thread. */
    public interface Listener {
        /**
         * @param step  "reading", "creating" or "tagging"
         * @param done  devices done in this step
         * @param total devices in this step
         */
        void onProgress(String step, int done, int total);

        Listener NONE = (step, done, total) -> {
        };
    }

    private static final Logger LOG = LoggerFactory.getLogger(FleetShapeCopy.class);

    private final SourceFleet source;
    private final RehearsalHub target;
    private final Clock clock;
    private final QueryPacerFactory pacers;

    /** Makes the pacer of a copy from its budget; tests give one that does not really wait. */
    public interface QueryPacerFactory {
        QueryPacer forBudget(int perMinute);
    }

    public FleetShapeCopy(SourceFleet source, RehearsalHub target, Clock clock) {
        this(source, target, clock, QueryPacer::perMinute);
    }

    public FleetShapeCopy(SourceFleet source, RehearsalHub target, Clock clock, QueryPacerFactory pacers) {
        this.source = Objects.requireNonNull(source, "source");
        this.target = target;
        this.clock = clock;
        this.pacers = pacers;
    }

    /** One COUNT query on the source: how many devices, pages, queries and minutes the copy will cost. */
    public CopyEstimate estimate(CopyRequest request) throws HubCallException {
        long devices = source.count(request.condition());
        return CopyEstimate.of(source.hostName(), request, devices, source.pageSize());
    }

    /**
     * Copies. The estimate's count (given, so it is not asked again) goes into the shape; pass null to count now.
     *
     * @throws HubCallException         if the source cannot be read, or the rehearsal hub refuses a request as a whole
     * @throws InterruptedException     if interrupted while waiting for the query budget
     * @throws IllegalArgumentException if the rehearsal hub is the source hub (nothing is read or written)
     */
    public CopyResult copy(CopyRequest request, CopyEstimate estimate, Listener listener)
            throws HubCallException, InterruptedException {
        Objects.requireNonNull(target, "a copy needs a rehearsal hub");
        if (HubHost.same(target.hostName(), source.hostName())) {
            // e.g. the console's own hub opened again by its data directory: the copy would write into what it reads
            throw new IllegalArgumentException("The rehearsal hub is the source hub itself (" + source.hostName()
                    + "): a copy would write into the fleet it reads. Copy from another hub.");
        }
        Listener progress = listener == null ? Listener.NONE : listener;
        Instant started = clock.instant();
        long queriesBefore = source.queriesUsed();
        QueryPacer pacer = pacers.forBudget(request.queriesPerMinute());
        long sourceDevices;
        if (estimate == null) {
            pacer.awaitRoom();
            sourceDevices = source.count(request.condition());
        } else {
            sourceDevices = estimate.sourceDevices();
        }
        progress.onProgress("reading", 0, (int) Math.min(Integer.MAX_VALUE, sourceDevices));
        List<ShapeDevice> read = source.read(request.condition(), pacer);
        progress.onProgress("reading", read.size(), read.size());
        List<ShapeDevice> chosen = FleetSample.of(read, request.scale());
        LOG.info("Read {} devices from {}; copying {} (scale 1/{})", read.size(), source.hostName(), chosen.size(),
                request.scale());

        Map<String, String> refused = new LinkedHashMap<>();
        List<ShapeDevice> mapped = new ArrayList<>();
        for (ShapeDevice d : chosen) {
            String id = request.mappedId(d.deviceId());
            if (id.length() > CopyRequest.MAX_ID_LENGTH) {
                refused.put(id, "longer than IoT Hub's " + CopyRequest.MAX_ID_LENGTH + " characters with the prefix");
            } else {
                mapped.add(d.withDeviceId(id));
            }
        }

        int created = 0;
        int existing = 0;
        List<ShapeDevice> present = new ArrayList<>();
        for (int from = 0; from < mapped.size(); from += RehearsalHub.MAX_DEVICES_PER_REQUEST) {
            List<ShapeDevice> batch = mapped.subList(from, Math.min(mapped.size(),
                    from + RehearsalHub.MAX_DEVICES_PER_REQUEST));
            Map<String, String> errors = target.createDevices(batch.stream().map(ShapeDevice::deviceId).toList());
            for (ShapeDevice d : batch) {
                String error = errors.get(d.deviceId());
                if (error == null) {
                    created++;
                    present.add(d);
                } else if (error.equals("DeviceAlreadyExists")) {
                    existing++;
                    present.add(d);
                } else {
                    refused.put(d.deviceId(), error);
                }
            }
            progress.onProgress("creating", from + batch.size(), mapped.size());
        }

        int tagged = 0;
        for (ShapeDevice d : present) {
            if (!d.tags().isEmpty()) {
                target.writeTags(d.deviceId(), d.tags());
            }
            tagged++;
            progress.onProgress("tagging", tagged, present.size());
        }
        if (!refused.isEmpty()) {
            LOG.warn("The rehearsal hub refused {} devices, e.g. {}", refused.size(), refused.entrySet().iterator()
                    .next());
        }
        FleetShape shape = new FleetShape(FleetShape.FORMAT_VERSION, source.hostName(), request.condition(),
                request.scale(), request.idPrefix(), sourceDevices, clock.instant(), present);
        return new CopyResult(shape, read.size(), created, existing, tagged, Map.copyOf(refused),
                source.queriesUsed() - queriesBefore, Duration.between(started, clock.instant()));
    }
}
