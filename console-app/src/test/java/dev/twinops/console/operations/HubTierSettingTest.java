package dev.twinops.console.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.console.connection.LocalHubTier;
import dev.twinops.console.connection.ServiceConnectionString;
import dev.twinops.limits.IotHubTier;

/** The tier follows what a local hub states; for hubs that do not say, the operator's choice per hub stays. */
class HubTierSettingTest {

    private static final String KEY = "c2VjcmV0LWtleS10aGF0LWlzLTMyLWJ5dGVzLWxvbmc=";
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final HubConnector connector = new HubConnector(timer);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private HubConnection local(String name, Optional<LocalHubTier> stated) {
        return connector.connectLocal(name, "127.0.0.1:8443",
                "HostName=127.0.0.1;SharedAccessKeyName=iothubowner;SharedAccessKey=" + KEY, stated, Optional.empty());
    }

    private HubConnection azure(String name) {
        return connector.connectAzure(name, ServiceConnectionString.parse(
                "HostName=" + name + ".azure-devices.net;SharedAccessKeyName=service;SharedAccessKey=" + KEY));
    }

    @Test
    void aLocalHubsStatedTierIsTheTierAndCannotBeChosenOver() {
        HubTierSetting setting = new HubTierSetting(null);

        setting.hubChanged(local("staging", Optional.of(LocalHubTier.of(IotHubTier.S1, 2))));

        assertThat(setting.tier()).isEqualTo(HubTier.parse("S1x2"));
        assertThat(setting.statedByHubProperty().get()).isTrue();
        assertThat(setting.summaryProperty().get()).isEqualTo("Tier S1, 2 units (the hub's)");
        assertThat(setting.choose("S3")).isFalse();
        assertThat(setting.tier()).isEqualTo(HubTier.parse("S1x2"));
        assertThat(setting.problemProperty().get()).contains("Local hub tier");

        setting.hubChanged(local("Local hub", Optional.of(LocalHubTier.UNLIMITED)));
        assertThat(setting.tier()).isEqualTo(HubTier.UNLIMITED);
        assertThat(setting.problemProperty().get()).isEmpty();
    }

    @Test
    void forAzureTheOperatorsChoiceStaysWithThatHub() {
        HubTierSetting setting = new HubTierSetting(null);

        setting.hubChanged(azure("prod"));
        assertThat(setting.tier()).isEqualTo(HubTier.parse("S1"));
        assertThat(setting.statedByHubProperty().get()).isFalse();
        assertThat(setting.summaryProperty().get()).startsWith("Tier S1, 1 unit (assumed");
        assertThat(setting.choose("S3x2")).isTrue();

        setting.hubChanged(local("staging", Optional.of(LocalHubTier.of(IotHubTier.S2, 1))));
        setting.hubChanged(azure("other"));
        assertThat(setting.tier()).isEqualTo(HubTier.parse("S1"));
        setting.hubChanged(azure("prod"));
        assertThat(setting.tier()).isEqualTo(HubTier.parse("S3x2"));
    }

    @Test
    void aConfiguredTierAppliesToHubsThatDoNotStateTheirs() {
        HubTierSetting setting = new HubTierSetting(HubTier.parse("S2"));

        setting.hubChanged(azure("prod"));
        assertThat(setting.tier()).isEqualTo(HubTier.parse("S2"));
        setting.hubChanged(local("old-hub", Optional.empty())); // a hub too old to state its tier
        assertThat(setting.tier()).isEqualTo(HubTier.parse("S2"));
        setting.hubChanged(local("Local hub", Optional.of(LocalHubTier.UNLIMITED)));
        assertThat(setting.tier()).isEqualTo(HubTier.UNLIMITED);
    }
}
