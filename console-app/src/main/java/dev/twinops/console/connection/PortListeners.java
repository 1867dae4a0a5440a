package dev.twinops.console.connection;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who listens on a TCP port, read from Linux's {@code /proc} (the socket tables, then each process's open
 * descriptors to name the program). Elsewhere, or where {@code /proc} hides other users' processes, it finds
 * less or nothing; callers then name only the address.
 */
public final class PortListeners {

    /** A listening socket: its address and, when it could be found, the program holding it. */
    public record Listener(String address, int port, String program, long pid) {

        public boolean isWildcard() {
            return address.equals("0.0.0.0") || address.equals("::");
        }

        /** e.g. {@code mosquitto (pid 812) on 0.0.0.0:8883}, or {@code a program on 127.0.0.1:8883}. */
        public String describe() {
            String where = (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
            return (program == null ? "a program" : program + " (pid " + pid + ")") + " on " + where;
        }
    }

    private static final String LISTEN = "0A";

    private final Path proc;

    public PortListeners() {
        this(Path.of("/proc"));
    }

    PortListeners(Path proc) {
        this.proc = proc;
    }

    /** The sockets listening on {@code port} that keep a server from binding it on {@code address}. */
    public List<Listener> blocking(String address, int port) {
        return on(port).stream().filter(l -> l.isWildcard() || l.address().equals(address)).distinct().toList();
    }

    /** Every socket listening on {@code port}; empty when none is found or the system does not say. */
    public List<Listener> on(int port) {
        Map<String, String[]> byInode = new HashMap<>(); // inode -> {address}
        readTable(proc.resolve("net/tcp"), port, byInode);
        readTable(proc.resolve("net/tcp6"), port, byInode);
        if (byInode.isEmpty()) {
            return List.of();
        }
        Map<String, long[]> pids = new HashMap<>();
        Map<String, String> programs = new HashMap<>();
        findOwners(byInode, pids, programs);
        List<Listener> listeners = new ArrayList<>();
        byInode.forEach((inode, address) -> {
            long[] pid = pids.get(inode);
            listeners.add(new Listener(address[0], port, programs.get(inode), pid == null ? -1 : pid[0]));
        });
        return listeners;
    }

    private static void readTable(Path table, int port, Map<String, String[]> byInode) {
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException | RuntimeException e) {
            return; // not Linux, or no such table (no IPv6)
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            parseLine(line, port).ifPresent(entry -> byInode.put(entry[1], new String[] {entry[0]}));
        }
    }

    /** {address, inode} of a listening socket on {@code port} in a line of /proc/net/tcp[6]. */
    static Optional<String[]> parseLine(String line, int port) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 10 || !LISTEN.equals(fields[3])) {
            return Optional.empty();
        }
        String[] local = fields[1].split(":");
        if (local.length != 2 || Integer.parseInt(local[1], 16) != port) {
            return Optional.empty();
        }
        return Optional.of(new String[] {hexAddress(local[0]), fields[9]});
    }

    /** The kernel prints each 32-bit word of the address in host (little-endian) byte order. */
    static String hexAddress(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + (3 - i)) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            InetAddress address = InetAddress.getByAddress(bytes); // an IPv4-mapped address comes back as IPv4
            if (address.isAnyLocalAddress()) {
                return bytes.length == 4 ? "0.0.0.0" : "::";
            }
            return address instanceof Inet6Address && address.isLoopbackAddress() ? "::1" : address.getHostAddress();
        } catch (UnknownHostException e) {
            return hex;
        }
    }

    private void findOwners(Map<String, String[]> byInode, Map<String, long[]> pids, Map<String, String> programs) {
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path fd : fds) {
                        String target = readLink(fd);
                        if (target != null && target.startsWith("socket:[")) {
                            String inode = target.substring("socket:[".length(), target.length() - 1);
                            if (byInode.containsKey(inode) && !pids.containsKey(inode)) {
                                pids.put(inode, new long[] {Long.parseLong(process.getFileName().toString())});
                                programs.put(inode, programName(process));
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // another user's process, or one that just ended
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc
        }
    }

    private static String readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String programName(Path process) {
        try {
            return Files.readString(process.resolve("comm")).strip();
        } catch (IOException e) {
            return "pid " + process.getFileName();
        }
    }
}
