package dev.twinops.hub.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedAccessPoliciesTest {

    @TempDir
    Path dataDir;

    @Test
    void aNewDataDirectoryGetsIotHubsDefaultPoliciesWithRandomKeysStoredOwnerOnly() throws IOException {
        SharedAccessPolicies policies = SharedAccessPolicies.loadOrCreate(dataDir);

        assertThat(policies.all()).extracting(SharedAccessPolicy::name)
                .containsExactly("iothubowner", "service", "device", "registryRead", "registryReadWrite");
        assertThat(policies.policy("iothubowner").orElseThrow().permissions()).containsExactlyInAnyOrder(Permission.values());
        assertThat(policies.policy("service").orElseThrow().permissions()).containsExactly(Permission.SERVICE_CONNECT);
        assertThat(policies.policy("registryReadWrite").orElseThrow().permissions())
                .containsExactlyInAnyOrder(Permission.REGISTRY_READ, Permission.REGISTRY_WRITE);
        for (SharedAccessPolicy p : policies.all()) {
            assertThat(Base64.getDecoder().decode(p.primaryKey())).hasSize(32);
            assertThat(p.secondaryKey()).isNotEqualTo(p.primaryKey());
            assertThat(p.toString()).doesNotContain(p.primaryKey());
        }
        Path file = dataDir.resolve("service-policies.json");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void keysSurviveARestartAndDifferBetweenDataDirectories(@TempDir Path otherDir) throws IOException {
        SharedAccessPolicies first = SharedAccessPolicies.loadOrCreate(dataDir);
        SharedAccessPolicies again = SharedAccessPolicies.loadOrCreate(dataDir);
        SharedAccessPolicies other = SharedAccessPolicies.loadOrCreate(otherDir);

        assertThat(again.policy("service").orElseThrow().primaryKey())
                .isEqualTo(first.policy("service").orElseThrow().primaryKey());
        assertThat(other.policy("service").orElseThrow().primaryKey())
                .isNotEqualTo(first.policy("service").orElseThrow().primaryKey());
    }

    @Test
    void connectionStringsNameHostPolicyAndPrimaryKey() throws IOException {
        SharedAccessPolicies policies = SharedAccessPolicies.loadOrCreate(dataDir);
        String key = policies.policy("registryRead").orElseThrow().primaryKey();
        assertThat(policies.connectionString("127.0.0.5", "registryRead"))
                .isEqualTo("HostName=127.0.0.5;SharedAccessKeyName=registryRead;SharedAccessKey=" + key);
        assertThatThrownBy(() -> policies.connectionString("127.0.0.5", "owner"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner");
    }

    @Test
    void aCorruptPolicyFileIsReportedAndLeftUntouched() throws IOException {
        Path file = dataDir.resolve("service-policies.json");
        Files.writeString(file, "{\"policies\": 42}");
        assertThatThrownBy(() -> SharedAccessPolicies.loadOrCreate(dataDir))
                .isInstanceOf(IOException.class).hasMessageContaining("service-policies.json");
        assertThat(Files.readString(file)).isEqualTo("{\"policies\": 42}");
    }
}
