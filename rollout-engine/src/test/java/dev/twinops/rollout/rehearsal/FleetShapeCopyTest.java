package dev.twinops.rollout.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.dm.reported.DeviceInfo;
import dev.twinops.limits.IotHubTier;
import dev.twinops.limits.TierLimits;
import dev.twinops.rollout.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetShapeCopyTest {

    private static final TierLimits S1 = TierLimits.of(IotHubTier.S1, 1);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

    /** Records what the copy writes; the first device of the first request is there already, of the second refused. */
    private static final class RecordingTarget implements RehearsalHub {
        final List<List<String>> requests = new ArrayList<>();
        final Map<String, ObjectNode> tags = new LinkedHashMap<>();
        String host = "rehearsal.local";

        @Override
        public String hostName() {
            return host;
        }

        @Override
        public Map<String, String> createDevices(List<String> ids) {
            requests.add(List.copyOf(ids));
            Map<String, String> errors = new LinkedHashMap<>();
            if (requests.size() == 1) {
                errors.put(ids.get(0), "DeviceAlreadyExists");
            } else if (requests.size() == 2) {
                errors.put(ids.get(0), "ArgumentInvalid");
            }
            return errors;
        }

        @Override
        public void writeTags(String deviceId, ObjectNode t) {
            tags.put(deviceId, t);
        }
    }

    private static List<ShapeDevice> fleet(int n) {
        List<ShapeDevice> devices = new ArrayList<>();
        for (ShapeDevice d : FleetSampleTest.fleet(n)) {
            devices.add(new ShapeDevice(d.deviceId(), d.tags(), d.firmwareVersion(),
                    new DeviceInfo("Contoso", "TX-200", "SN-" + d.deviceId())));
        }
        return devices;
    }

    private FleetShapeCopy copier(FakeSource source, RecordingTarget target) {
        return new FleetShapeCopy(source, target, clock, budget -> new QueryPacer(budget, clock, clock::advance));
    }

    @Test
    void theEstimateCountsOnceAndSaysWhatReadingCostsOnTheTiersBudget() throws Exception {
        FakeSource source = new FakeSource(fleet(4_500), 100, clock, d -> true);

        CopyEstimate e = copier(source, new RecordingTarget()).estimate(CopyRequest.of(null, 1, S1));

        assertThat(source.queries).isEqualTo(1);
        assertThat(e.sourceDevices()).isEqualTo(4_500);
        assertThat(e.pages()).isEqualTo(45);
        assertThat(e.queries()).isEqualTo(46);
        assertThat(e.queriesPerMinute()).isEqualTo(15); // three quarters of S1's 20
        assertThat(e.timeOnBudget()).isEqualTo(Duration.ofMinutes(3)); // 45 pages after the count, 15 a minute
        assertThat(e.registryRequests()).isEqualTo(45);
        assertThat(e.describe()).contains("4,500 devices match (all devices) on source.example")
                .contains("46 queries").contains("about 3 min at 15 queries a minute (S1 with 1 unit)")
                .contains("Nothing is written to the source");
    }

    @Test
    void aRehearsalHubThatIsTheSourceItselfIsRefusedBeforeAnythingIsReadOrWritten() {
        FakeSource source = new FakeSource(fleet(10), 100, clock, d -> true);
        RecordingTarget target = new RecordingTarget();
        target.host = source.hostName().toUpperCase(java.util.Locale.ROOT) + ":8443"; // the same host, by endpoint

        assertThatThrownBy(() -> copier(source, target).copy(CopyRequest.of(null, 1, S1), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is the source hub itself");
        assertThat(source.queries).isZero();
        assertThat(target.requests).isEmpty();
        assertThat(target.tags).isEmpty();
    }

    @Test
    void aSampleUnderMappedIdsIsCreatedInHundredsTaggedAndWrittenAsAShape() throws Exception {
        FakeSource source = new FakeSource(fleet(2500), 1000, clock, d -> true);
        RecordingTarget target = new RecordingTarget();
        FleetShapeCopy copy = copier(source, target);
        CopyRequest request = CopyRequest.of(null, 10, S1).withIdPrefix("r-");
        CopyEstimate estimate = copy.estimate(request);
        List<String> steps = new ArrayList<>();

        CopyResult result = copy.copy(request, estimate, (step, done, total) -> steps.add(step + " " + done + "/"
                + total));

        assertThat(result.read()).isEqualTo(2500);
        assertThat(estimate.devicesToCopy()).isEqualTo(250);
        assertThat(target.requests).hasSize(3).allSatisfy(r -> assertThat(r.size()).isLessThanOrEqualTo(100));
        List<String> sent = target.requests.stream().flatMap(List::stream).toList();
        assertThat(result.existing()).isEqualTo(1);
        assertThat(result.refused()).containsOnlyKeys(target.requests.get(1).get(0));
        assertThat(sent).hasSize(result.created() + result.existing() + result.refused().size())
                .allSatisfy(id -> assertThat(id).startsWith("r-dev-"));
        assertThat(result.shape().devices()).extracting(ShapeDevice::deviceId)
                .doesNotContainAnyElementsOf(result.refused().keySet());
        assertThat(target.tags.keySet()).containsExactlyElementsOf(result.shape().devices().stream()
                .map(ShapeDevice::deviceId).toList());
        ShapeDevice first = result.shape().devices().get(0);
        assertThat(first.deviceInfo().serialNumber()).isEqualTo("SN-" + first.deviceId().substring(2));
        assertThat(result.queries()).isEqualTo(3); // three pages; the estimate's count is not repeated
        assertThat(steps).contains("reading 2500/2500", "creating 250/250");

        Path file = dir.resolve("shape.json");
        result.shape().write(file);
        assertThat(FleetShape.read(file)).isEqualTo(result.shape());
        assertThat(result.shape().scale()).isEqualTo(10);
        assertThat(result.shape().sourceDevices()).isEqualTo(2500);
        if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void readingPagesKeepsToTheBudgetPerMinute() throws Exception {
        FakeSource source = new FakeSource(fleet(6000), 100, clock, d -> true);
        CopyRequest request = CopyRequest.of(null, 1, S1).withQueriesPerMinute(20);

        copier(source, new RecordingTarget()).copy(request, null, null);

        assertThat(source.queryTimes).hasSize(61); // the count and 60 pages
        for (Instant t : source.queryTimes) {
            long inMinute = source.queryTimes.stream().filter(o -> !o.isBefore(t)
                    && o.isBefore(t.plus(Duration.ofMinutes(1)))).count();
            assertThat(inMinute).isLessThanOrEqualTo(20);
        }
        assertThat(Duration.between(source.queryTimes.get(0), source.queryTimes.get(60)))
                .isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingIsRead() {
        assertThatThrownBy(() -> CopyRequest.of(null, 0, S1)).hasMessageContaining("scale factor must be 1");
        assertThatThrownBy(() -> CopyRequest.of(null, 1, S1).withIdPrefix("bad prefix/"))
                .hasMessageContaining("id prefix");
    }
}
