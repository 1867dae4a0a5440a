package dev.twinops.console.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortListenersTest {

    @TempDir
    Path proc;

    @Test
    void findsListenersOnThePortInTheKernelsTablesAndTheProgramHoldingThem() throws Exception {
        Files.createDirectories(proc.resolve("net"));
        String header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
        Files.writeString(proc.resolve("net/tcp"), header
                // 0.0.0.0:8883 listening (0A), socket inode 4711
                + "   0: 00000000:22B3 00000000:0000 0A 00000000:00000000 00:00000000 00000000   109        0 4711 1\n"
                // 127.0.0.1:8883 but an established connection, not a listener
                + "   1: 0100007F:22B3 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 4712 1\n"
                // 127.0.0.1:8443 listening, another port
                + "   2: 0100007F:20FB 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4713 1\n");
        Files.writeString(proc.resolve("net/tcp6"), header
                // [::1]:8883 listening, no process found for it
                + "   0: 00000000000000000000000001000000:22B3 00000000000000000000000000000000:0000 0A "
                + "00000000:00000000 00:00000000 00000000  1000        0 4714 1\n");
        Path process = Files.createDirectories(proc.resolve("812/fd"));
        Files.writeString(proc.resolve("812/comm"), "mosquitto\n");
        Files.createSymbolicLink(process.resolve("5"), Path.of("socket:[4711]"));
        Files.createSymbolicLink(process.resolve("6"), Path.of("/dev/null"));

        List<PortListeners.Listener> found = new PortListeners(proc).on(8883);

        assertThat(found).extracting(PortListeners.Listener::describe)
                .containsExactlyInAnyOrder("mosquitto (pid 812) on 0.0.0.0:8883", "a program on [::1]:8883");
        assertThat(found).filteredOn(PortListeners.Listener::isWildcard).hasSize(1);
        assertThat(new PortListeners(proc).on(1883)).isEmpty();
    }

    @Test
    void withoutProcNothingIsFound() {
        assertThat(new PortListeners(proc.resolve("absent")).on(8883)).isEmpty();
    }
}
