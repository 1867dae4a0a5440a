package dev.twinops.console.connection;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Where the embedded hub can listen. The device SDK always connects on port 8883, so when another program (a local
 * Mosquitto, say) holds 8883 on the wanted address, the hub moves to a loopback address of TwinOps' own: on Linux
 * and Windows every 127.x.y.z is loopback. Where no such address works (macOS has only 127.0.0.1 unless an alias is
 * added; a broker bound to every address, 0.0.0.0:8883, takes 8883 on all of them) the hub cannot start, and the
 * message says who listens, if that can be found, and what to do.
 */
public final class LocalHubAddresses {

    /** The device port the SDK uses; IoT Hub's MQTT over TLS port. */
    public static final int DEVICE_PORT = 8883;
    /** The system property that sets the wanted address (ConsoleSettings reads it). */
    static final String BIND_PROPERTY = "twinops.localhub.bind";
    /** TwinOps' own loopback addresses ("T" is 84 and "O" 79), tried in order when the wanted one is taken. */
    public static final List<String> OWN_ADDRESSES = IntStream.rangeClosed(1, 8)
            .mapToObj(i -> "127.84.79." + i).toList();

    /** The address to use and, when it is not the wanted one, a sentence for the operator saying why. */
    public record Choice(String address, Optional<String> note) {
    }

    private final List<String> ownAddresses;
    private final PortListeners listeners;

    public LocalHubAddresses() {
        this(OWN_ADDRESSES, new PortListeners());
    }

    public LocalHubAddresses(List<String> ownAddresses, PortListeners listeners) {
        this.ownAddresses = List.copyOf(ownAddresses);
        this.listeners = Objects.requireNonNull(listeners, "listeners");
    }

    /**
     * The wanted address if both ports are free there, else the first of TwinOps' own that is free. Blocking
     * (binds test sockets and may read /proc): call it off the FX thread.
     *
     * @throws LocalHubAddressException when no address works, with the listener and the fix in its message
     */
    public Choice choose(String wanted, int httpsPort) {
        Optional<Problem> problem = probe(wanted, httpsPort);
        if (problem.isEmpty()) {
            return new Choice(wanted, Optional.empty());
        }
        Problem taken = problem.get();
        boolean assignable = false;
        for (String candidate : ownAddresses) {
            if (candidate.equals(wanted)) {
                continue;
            }
            Optional<Problem> candidateProblem = probe(candidate, httpsPort);
            if (candidateProblem.isEmpty()) {
                return new Choice(candidate, Optional.of(taken.where() + " is taken" + by(taken)
                        + "; the local hub uses TwinOps' own address " + candidate + " instead, also next time"));
            }
            assignable |= candidateProblem.get().inUse();
        }
        throw new LocalHubAddressException(explain(taken, assignable));
    }

    private String explain(Problem taken, boolean otherAddressesExist) {
        List<PortListeners.Listener> found = listeners.blocking(taken.address(), taken.port());
        String who = found.isEmpty() ? "" : " by " + found.stream().map(PortListeners.Listener::describe)
                .collect(Collectors.joining(", "));
        String look = found.isEmpty() && !isLinux()
                ? " (\"lsof -nP -iTCP:" + taken.port() + " -sTCP:LISTEN\" shows which program)" : "";
        String restart = ", then choose Hub > Restart local hub.";
        String fix;
        if (found.stream().anyMatch(PortListeners.Listener::isWildcard)) {
            fix = "A program listening on every address takes port " + taken.port() + " on all of them: stop it "
                    + "(e.g. \"sudo systemctl stop mosquitto\") or make it listen on one address (for Mosquitto, "
                    + "\"listener " + taken.port() + " 192.168.1.10\" in mosquitto.conf with your LAN address)"
                    + restart;
        } else if (!otherAddressesExist) {
            // macOS: 127.0.0.1 is the only loopback address until an alias is added
            fix = "This system has no other loopback address for the hub: add one with \"sudo ifconfig lo0 alias "
                    + ownAddresses.get(0) + " up\"" + restart;
        } else {
            fix = "TwinOps' own addresses (" + String.join(", ", ownAddresses) + ") are taken as well: stop the "
                    + "program holding the port, or start the console with -D" + BIND_PROPERTY
                    + "=127.x.y.z (any free loopback address)" + restart;
        }
        return taken.where() + " is taken" + who + look + " and no other loopback address is free. " + fix;
    }

    private String by(Problem taken) {
        List<PortListeners.Listener> found = listeners.blocking(taken.address(), taken.port());
        return found.isEmpty() ? "" : " by " + found.stream().map(PortListeners.Listener::describe)
                .collect(Collectors.joining(", "));
    }

    private static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
    }

    /** Why an address cannot be used: a port in use there, or an address this system does not have. */
    private record Problem(String address, int port, boolean inUse) {
        String where() {
            return address + ":" + port;
        }
    }

    private static Optional<Problem> probe(String address, int httpsPort) {
        for (int port : new int[] {DEVICE_PORT, httpsPort}) {
            try (ServerSocket socket = new ServerSocket()) {
                // as the hub's listeners do (the JDK's default for server sockets on Linux and macOS)
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            } catch (BindException e) {
                boolean inUse = e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT)
                        .contains("in use");
                return Optional.of(new Problem(address, port, inUse));
            } catch (IOException e) {
                return Optional.of(new Problem(address, port, false));
            }
        }
        return Optional.empty();
    }
}
