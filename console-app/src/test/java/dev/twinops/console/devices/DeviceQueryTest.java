package dev.twinops.console.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceQueryTest {

    @Test
    void nothingTypedMeansEveryDevice() {
        assertThat(DeviceQuery.parse("  ").selectText()).isEqualTo("SELECT * FROM devices");
        assertThat(DeviceQuery.parse(null).countText()).isEqualTo("SELECT COUNT() AS total FROM devices");
    }

    @Test
    void aConditionWithOrWithoutWhereBecomesTheWhereClause() {
        DeviceQuery bare = DeviceQuery.parse("tags.site = 'plant-1'");
        DeviceQuery withWhere = DeviceQuery.parse("where tags.site = 'plant-1';");

        assertThat(bare).isEqualTo(withWhere);
        assertThat(bare.selectText()).isEqualTo("SELECT * FROM devices WHERE tags.site = 'plant-1'");
        assertThat(bare.listText()).isEqualTo("SELECT deviceId, status, connectionState, lastActivityTime, tags, "
                + "properties.reported.firmwareVersion AS firmwareVersion FROM devices WHERE tags.site = 'plant-1'");
        assertThat(bare.countText()).isEqualTo("SELECT COUNT() AS total FROM devices WHERE tags.site = 'plant-1'");
    }

    @Test
    void aFullQueryOverWholeTwinsIsAccepted() {
        DeviceQuery q = DeviceQuery.parse("select *\nfrom devices\nwhere properties.reported.firmwareVersion = '1.0.0'");

        assertThat(q.condition()).isEqualTo("properties.reported.firmwareVersion = '1.0.0'");
        assertThat(DeviceQuery.parse("SELECT * FROM devices")).isEqualTo(DeviceQuery.ALL_DEVICES);
    }

    @Test
    void projectionsAndOtherCollectionsAreExplained() {
        assertThatThrownBy(() -> DeviceQuery.parse("SELECT deviceId FROM devices"))
                .isInstanceOf(InvalidDeviceQueryException.class)
                .hasMessageContaining("SELECT * FROM devices");
        assertThatThrownBy(() -> DeviceQuery.parse("SELECT * FROM devices.jobs"))
                .isInstanceOf(InvalidDeviceQueryException.class);
        assertThatThrownBy(() -> DeviceQuery.parse("WHERE"))
                .hasMessageContaining("WHERE needs a condition");
    }
}
