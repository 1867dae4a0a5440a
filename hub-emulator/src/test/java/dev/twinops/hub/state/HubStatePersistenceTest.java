package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static dev.twinops.hub.state.StateTestSupport.done;
import static dev.twinops.hub.state.StateTestSupport.json;
import static dev.twinops.hub.state.StateTestSupport.newDevice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class HubStatePersistenceTest {

    @TempDir
    Path dataDir;

    @Test
    void everythingComesBackAfterAReopen() {
        ObjectNode twinBefore;
        DeviceIdentity device;
        try (HubState state = HubState.open(dataDir)) {
            device = done(state.registry().putDevice(newDevice("dev1"), null));
            done(state.registry().putDevice(new DeviceIdentity("dev2", null, null, DeviceStatus.DISABLED, "parked", null, null, null), null));
            done(state.patchTwin("dev1", json("{'tags':{'site':'plant-1'},'properties':{'desired':{'interval':10,'zones':['a'],'cfg':{'x':1}}}}"), null));
            done(state.patchReported("dev1", json("{'fw':'1.0.0','iothubDM':{'reboot':{'status':'done'}}}")));
            done(state.patchReported("dev1", json("{'fw':'1.0.1'}")));
            done(state.sessions().save("dev1", Set.of("$iothub/methods/POST/#", "$iothub/twin/res/#")));
            twinBefore = state.serviceTwin("dev1");
        }

        try (HubState state = HubState.open(dataDir)) {
            assertThat(state.registry().device("dev1")).contains(device);
            assertThat(state.registry().device("dev2").orElseThrow().status()).isEqualTo(DeviceStatus.DISABLED);
            assertThat(state.registry().device("dev2").orElseThrow().statusReason()).isEqualTo("parked");
            assertThat(state.serviceTwin("dev1")).isEqualTo(twinBefore);
            assertThat(state.serviceTwin("dev1").path("version").asLong()).isEqualTo(4);
            assertThat(state.deviceTwin("dev1").path("reported").path("$version").asLong()).isEqualTo(3);
            assertThat(state.sessions().subscriptions("dev1"))
                    .containsExactlyInAnyOrder("$iothub/methods/POST/#", "$iothub/twin/res/#");

            // Versions continue where they were, not from scratch.
            assertThat(done(state.patchReported("dev1", json("{'fw':'1.0.2'}")))).isEqualTo(4);
            assertThat(done(state.patchTwin("dev1", json("{'tags':{'x':1}}"), null)).path("etag").asText())
                    .isEqualTo("AAAAAAAAAAY=");
        }
    }

    @Test
    void devicesStartDisconnectedAndKeepTheirLastActivityTime() {
        StateTestSupport.ManualClock clock = new StateTestSupport.ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
        try (HubState state = HubState.open(dataDir, clock)) {
            done(state.registry().putDevice(newDevice("dev1"), null));
            done(state.registry().putDevice(newDevice("dev2"), null));
            state.presence().connectionChanged("dev1", true);
            state.presence().connectionChanged("dev2", true);
            clock.advance(Duration.ofSeconds(3));
            state.presence().deviceActivity("dev1");
            state.presence().deviceActivity("dev2");
            state.presence().connectionChanged("dev2", false);
        }

        try (HubState state = HubState.open(dataDir)) {
            assertThat(state.twins()).allSatisfy(twin ->
                    assertThat(twin.path("connectionState").asText()).isEqualTo("Disconnected"));
            assertThat(state.serviceTwin("dev1").path("lastActivityTime").asText()).isEqualTo("2026-03-01T08:00:03.0000000Z");
            assertThat(state.presence().lastActivityTime("dev2")).contains(Instant.parse("2026-03-01T08:00:03Z"));
        }
    }

    @Test
    void sessionsCanBeReplacedAndForgotten() {
        try (HubState state = HubState.open(dataDir)) {
            done(state.sessions().save("a", Set.of("one", "two")));
            done(state.sessions().save("a", Set.of("three")));
            done(state.sessions().save("b", Set.of("x")));
            done(state.sessions().save("b", Set.of()));
        }
        try (HubState state = HubState.open(dataDir)) {
            assertThat(state.sessions().subscriptions("a")).containsExactly("three");
            assertThat(state.sessions().subscriptions("b")).isEmpty();
        }
    }

    @Test
    void theDatabaseIsOwnerOnlyBecauseItHoldsDeviceKeys() throws IOException {
        try (HubState state = HubState.open(dataDir)) {
            done(state.registry().putDevice(newDevice("dev1"), null));
            assumeThat(dataDir.getFileSystem().supportedFileAttributeViews()).contains("posix");
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("state.db")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsReportedWithItsPath() throws IOException {
        Path file = dataDir.resolve("state.db");
        Files.write(file, "this is not a database, just some text that is long enough".repeat(20)
                .getBytes(StandardCharsets.UTF_8));
        // owner-only, as the hub adopts nothing else
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> HubState.open(dataDir))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("not a database");
    }

    @Test
    void aDirectoryThatIsNotWritableIsReportedWithItsPath() throws IOException {
        assumeThat(dataDir.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path readOnly = Files.createDirectory(dataDir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
        try {
            assumeThat(Files.isWritable(readOnly)).as("not running as root").isFalse();
            assertThatThrownBy(() -> HubState.open(readOnly))
                    .isInstanceOf(StateStoreException.class)
                    .hasMessageContaining(readOnly.toAbsolutePath().toString())
                    .hasMessageContaining("not writable");
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aDataDirectoryBelowAFileIsReported() throws IOException {
        Path file = Files.writeString(dataDir.resolve("plain-file"), "x");

        assertThatThrownBy(() -> HubState.open(file.resolve("data")))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining(file.resolve("data").toAbsolutePath().toString());
    }

    @Test
    void aSecondHubCannotOpenTheSameDirectory() {
        try (HubState first = HubState.open(dataDir)) {
            done(first.registry().putDevice(newDevice("dev1"), null));

            assertThatThrownBy(() -> HubState.open(dataDir))
                    .isInstanceOf(StateStoreException.class)
                    .hasMessageContaining("state.db")
                    .hasMessageContaining("another hub");
            assertThat(first.registry().device("dev1")).isPresent();
        }
    }

    @Test
    void writesAfterCloseAreRefusedAndCloseIsIdempotent() {
        HubState state = HubState.open(dataDir);
        state.close();
        state.close();

        assertThat(StateTestSupport.refusal(state.registry().putDevice(newDevice("dev1"), null)).error()).isEqualTo(HubError.SERVER_BUSY);
    }

    @Test
    void aWriteTheDiskCannotTakeFailsAloneAsAServerErrorAndChangesNothing() {
        try (HubState state = HubState.open(dataDir)) {
            done(state.registry().putDevice(newDevice("dev1"), null));
            done(state.registry().putDevice(newDevice("dev2"), null));
            done(state.patchReported("dev1", json("{'small':1}")));
            ObjectNode before = state.serviceTwin("dev1");
            CountDownLatch queued = new CountDownLatch(1);
            // Simulate a full disk (SQLite may not grow the file any more), and hold the writer until the next
            // three writes are queued, so that they share one transaction.
            CompletableFuture<Object> diskFull = state.writer().submit(tx -> {
                try (Statement statement = tx.connection().createStatement();
                     ResultSet pages = statement.executeQuery("PRAGMA page_count")) {
                    pages.next();
                    statement.execute("PRAGMA max_page_count = " + pages.getLong(1));
                }
                awaitUninterruptibly(queued);
                return null;
            });
            CompletableFuture<Long> neighbourBefore = state.patchReported("dev2", json("{'a':1}"));
            CompletableFuture<Long> tooBigForTheDisk = state.patchReported("dev1",
                    json("{'big':'" + "x".repeat(4000) + "','big2':'" + "y".repeat(4000) + "'}"));
            CompletableFuture<Long> neighbourAfter = state.patchReported("dev2", json("{'b':2}"));
            queued.countDown();
            done(diskFull);

            HubException full = StateTestSupport.refusal(tooBigForTheDisk);
            assertThat(full.error()).isEqualTo(HubError.SERVER_ERROR);
            assertThat(full.getMessage()).contains("state.db");
            assertThat(state.serviceTwin("dev1")).isEqualTo(before);
            assertThat(done(neighbourBefore)).isEqualTo(2);
            assertThat(done(neighbourAfter)).isEqualTo(3);

            done(state.writer().submit(tx -> {
                try (Statement statement = tx.connection().createStatement()) {
                    return statement.execute("PRAGMA max_page_count = 1073741823");
                }
            }));
            assertThat(done(state.patchReported("dev1", json("{'big':'" + "x".repeat(4000) + "'}")))).isEqualTo(3);
        }
        try (HubState state = HubState.open(dataDir)) {
            assertThat(state.deviceTwin("dev1").path("reported")).isEqualTo(json("{'small':1,'big':'" + "x".repeat(4000) + "','$version':3}"));
            assertThat(state.deviceTwin("dev2").path("reported")).isEqualTo(json("{'a':1,'b':2,'$version':3}"));
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
