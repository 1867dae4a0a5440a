package dev.twinops.rollout.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.rollout.json.RolloutJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetSampleTest {

    /** 1,000 devices: 70 % on 1.0.0, 25 % on 1.1.0, 5 % on 2.0.0-beta; four sites, two rings. */
    static List<ShapeDevice> fleet(int n) {
        List<ShapeDevice> devices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode tags = RolloutJson.mapper().createObjectNode();
            tags.put("site", "site-" + (i % 4));
            tags.put("ring", i % 10 == 0 ? "canary" : "broad");
            tags.putObject("rollout").put("id", "old-" + i); // differs per device: never a stratum of its own
            String version = i % 20 == 0 ? "2.0.0-beta" : i % 4 == 1 ? "1.1.0" : "1.0.0";
            devices.add(new ShapeDevice(String.format("dev-%05d", i), tags, version, null));
        }
        return devices;
    }

    private static <K> Map<K, Long> mix(List<ShapeDevice> devices, Function<ShapeDevice, K> key) {
        return devices.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    @Test
    void aTenthSampleKeepsTheMixOfFirmwareVersionsAndTagValues() {
        List<ShapeDevice> all = fleet(1000);

        List<ShapeDevice> sample = FleetSample.of(all, 10);

        assertThat(sample).hasSize(100);
        Map<String, Long> versions = mix(all, ShapeDevice::firmwareVersion);
        Map<String, Long> sampled = mix(sample, ShapeDevice::firmwareVersion);
        versions.forEach((v, n) -> assertThat(sampled.get(v)).as(v).isBetween(n / 10 - 1, n / 10 + 1));
        Map<String, Long> sites = mix(sample, d -> d.tags().path("site").asText());
        assertThat(sites.values()).allSatisfy(n -> assertThat(n).isBetween(24L, 26L));
        assertThat(mix(sample, d -> d.tags().path("ring").asText()).get("canary")).isBetween(9L, 11L);
    }

    @Test
    void theSameFleetGivesTheSameSampleWhateverItsOrder() {
        List<ShapeDevice> all = fleet(500);
        List<ShapeDevice> reversed = new ArrayList<>(all);
        java.util.Collections.reverse(reversed);

        assertThat(FleetSample.of(reversed, 7)).isEqualTo(FleetSample.of(all, 7));
    }

    @Test
    void aFirmwareVersionRarerThanTheScaleIsStillRehearsed() {
        List<ShapeDevice> all = new ArrayList<>(fleet(200));
        all.add(new ShapeDevice("zz-rare", RolloutJson.mapper().createObjectNode(), "0.9.9", null));

        List<ShapeDevice> sample = FleetSample.of(all, 50);

        assertThat(sample).extracting(ShapeDevice::firmwareVersion).contains("0.9.9", "1.0.0", "1.1.0",
                "2.0.0-beta");
    }

    @Test
    void scaleOneTakesEveryDeviceAndTheExpectedSizeMatches() {
        List<ShapeDevice> all = fleet(123);

        assertThat(FleetSample.of(all, 1)).hasSize(123);
        assertThat(FleetSample.expectedSize(123, 1)).isEqualTo(123);
        assertThat(FleetSample.expectedSize(1000, 10)).isEqualTo(100);
        assertThat(FleetSample.expectedSize(3, 10)).isZero();
        assertThat(FleetSample.expectedSize(6, 10)).isEqualTo(1);
        assertThatThrownBy(() -> FleetSample.of(all, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
