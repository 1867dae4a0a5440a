package dev.twinops.simulator.firmware;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a simulated device may fetch firmware from, and how much of it: whoever can call a device's
 * {@code firmwareUpdate} method chooses the URI, so a device reads only {@code file:} packages under the allowed
 * directories and http(s) packages under the allowed URL prefixes, and stops at {@link #maxPackageBytes()}.
 *
 * <p>A source is either a directory ({@code /srv/firmware}, {@code file:///srv/firmware/}) or a URL prefix:
 * {@code https://fw.example.com/releases/}, {@code https://*.blob.core.windows.net/} (any subdomain),
 * {@code http://127.0.0.1:8000/} (that port), {@code http://localhost:*} (any port). A prefix without a port means
 * the scheme's default port; without a path, any path. {@code https://*} allows every host over https.
 *
 * <p>The defaults suit the console and a first demonstration: the console's firmware directory ({@code
 * ~/.twinops/firmware}, moved with {@code twinops.home} / {@code TWINOPS_HOME} like the console's home) and the
 * system's temporary directory, where tools and tests write packages, and Azure Blob Storage over https, where IoT
 * Hub's firmware-update guidance keeps packages; 64 MiB at most.
 */
public final class DownloadPolicy {

    public static final long DEFAULT_MAX_PACKAGE_BYTES = 64L * 1024 * 1024;
    public static final String AZURE_BLOB_STORAGE = "https://*.blob.core.windows.net/";
    private static final Pattern URL = Pattern.compile(
            "(?i)(https?)://(\\*|(?:\\*\\.)?[a-z0-9.\\-]+|\\[[0-9a-f:.]+\\])(?::(\\*|\\d{1,5}))?(/.*)?");

    private final List<Path> directories;
    private final List<UrlPrefix> urls;
    private final long maxPackageBytes;

    private DownloadPolicy(List<Path> directories, List<UrlPrefix> urls, long maxPackageBytes) {
        if (maxPackageBytes <= 0) {
            throw new IllegalArgumentException("the firmware size limit must be positive");
        }
        this.directories = List.copyOf(directories);
        this.urls = List.copyOf(urls);
        this.maxPackageBytes = maxPackageBytes;
    }

    /** The console's firmware directory, the temporary directory and Azure Blob Storage; 64 MiB. */
    public static DownloadPolicy defaults() {
        return of(defaultSources(), DEFAULT_MAX_PACKAGE_BYTES);
    }

    /** The default sources as the command line would spell them. */
    public static List<String> defaultSources() {
        return List.of(twinopsHome().resolve("firmware").toString(),
                Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString(), AZURE_BLOB_STORAGE);
    }

    /**
     * A policy from source strings (directories or URL prefixes, see the class comment); an empty list allows
     * nothing.
     *
     * @throws IllegalArgumentException naming a source that is neither
     */
    public static DownloadPolicy of(List<String> sources, long maxPackageBytes) {
        List<Path> directories = new ArrayList<>();
        List<UrlPrefix> urls = new ArrayList<>();
        for (String source : sources) {
            String s = Objects.requireNonNull(source, "source").strip();
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.startsWith("http:") || lower.startsWith("https:")) {
                urls.add(UrlPrefix.parse(s));
            } else if (lower.startsWith("file:")) {
                try {
                    directories.add(Path.of(URI.create(s)).toAbsolutePath().normalize());
                } catch (IllegalArgumentException | FileSystemNotFoundException e) {
                    throw new IllegalArgumentException("firmware source '" + s + "' is not a local directory URI");
                }
            } else if (!s.isEmpty()) {
                try {
                    directories.add(Path.of(s).toAbsolutePath().normalize());
                } catch (InvalidPathException e) {
                    throw new IllegalArgumentException("firmware source '" + s + "' is neither a directory nor an "
                            + "http(s) URL prefix");
                }
            } else {
                throw new IllegalArgumentException("a firmware source must not be blank");
            }
        }
        return new DownloadPolicy(directories, urls, maxPackageBytes);
    }

    /** The same sources with another size limit. */
    public DownloadPolicy withMaxPackageBytes(long maxBytes) {
        return new DownloadPolicy(directories, urls, maxBytes);
    }

    public List<Path> directories() {
        return directories;
    }

    public long maxPackageBytes() {
        return maxPackageBytes;
    }

    /**
     * The file a {@code file:} URI may be read from: its real path, which must lie in an allowed directory (a
     * link out of one is refused).
     *
     * @throws NotAllowedException if it lies elsewhere; whether such a file exists is never looked at
     * @throws IOException         if the file is missing or unreadable (it is inside an allowed directory)
     */
    public Path allowedFile(URI uri) throws NotAllowedException, IOException {
        if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
            throw new NotAllowedException("file URIs naming a host are not read");
        }
        Path requested;
        try {
            requested = Path.of(uri).toAbsolutePath().normalize();
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new NotAllowedException("'" + uri.getPath() + "' is not a local file path");
        }
        // decided on the path as written first, so a refusal says nothing about what exists out there
        boolean underRoot = false;
        for (Path root : directories) {
            underRoot |= requested.startsWith(root) || requested.startsWith(realOrSelf(root));
        }
        if (!underRoot) {
            throw new NotAllowedException(outsideDirectories());
        }
        Path real = requested.toRealPath();
        for (Path root : directories) {
            if (real.startsWith(realOrSelf(root))) {
                return real;
            }
        }
        throw new NotAllowedException(outsideDirectories());
    }

    /**
     * Checks an http(s) URL against the allowed prefixes (also each redirect's target).
     *
     * @throws NotAllowedException if none allows it
     */
    public void checkUrl(URI uri) throws NotAllowedException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new NotAllowedException("'" + scheme + "' URIs are not downloaded");
        }
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || host.isEmpty()) {
            throw new NotAllowedException("the URL names no host");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
        String path = uri.normalize().getRawPath();
        path = path == null || path.isEmpty() ? "/" : path;
        for (UrlPrefix prefix : urls) {
            if (prefix.allows(scheme, host, port, path)) {
                return;
            }
        }
        throw new NotAllowedException(scheme + "://" + host + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + " is not a firmware source this device may download from (allowed with --firmware-source)");
    }

    private static String outsideDirectories() {
        // the allowed directories are not named: reported properties are read by anyone with twin access
        return "the file is outside the directories this device may read firmware from (allowed with "
                + "--firmware-source)";
    }

    private static Path realOrSelf(Path directory) {
        try {
            return directory.toRealPath();
        } catch (IOException e) {
            return directory; // not created yet (the console makes its firmware directory on first use)
        }
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    private static Path twinopsHome() {
        String home = System.getProperty("twinops.home");
        if (home == null || home.isBlank()) {
            home = System.getenv("TWINOPS_HOME");
        }
        return (home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".twinops")
                : Path.of(home)).toAbsolutePath();
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>();
        directories.forEach(d -> all.add(d.toString()));
        urls.forEach(u -> all.add(u.text));
        return all + " up to " + maxPackageBytes + " bytes";
    }

    /** A package location the policy does not allow; the message is fit for reported properties. */
    public static final class NotAllowedException extends Exception {
        public NotAllowedException(String message) {
            super(message);
        }
    }

    /** One allowed URL prefix: scheme, host (exact, {@code *.domain} or {@code *}), port (or any), path prefix. */
    private record UrlPrefix(String text, String scheme, String host, int port, String path) {

        private static final int ANY_PORT = -1;

        static UrlPrefix parse(String text) {
            Matcher m = URL.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("firmware source '" + text + "' is not an http(s) URL prefix "
                        + "(examples: https://fw.example.com/releases/, https://*.blob.core.windows.net/, "
                        + "http://127.0.0.1:8000/)");
            }
            String scheme = m.group(1).toLowerCase(Locale.ROOT);
            String host = m.group(2).toLowerCase(Locale.ROOT);
            int port;
            if (m.group(3) == null) {
                port = defaultPort(scheme);
            } else if (m.group(3).equals("*")) {
                port = ANY_PORT;
            } else {
                port = Integer.parseInt(m.group(3));
                if (port < 1 || port > 65_535) {
                    throw new IllegalArgumentException("firmware source '" + text + "' has no valid port");
                }
            }
            String path = m.group(4) == null ? "/" : URI.create(m.group(4)).normalize().getRawPath();
            if (path.contains("..")) {
                throw new IllegalArgumentException("firmware source '" + text + "' has '..' in its path");
            }
            return new UrlPrefix(text, scheme, host, port, path.endsWith("/") ? path : path + "/");
        }

        boolean allows(String scheme, String host, int port, String path) {
            if (!this.scheme.equals(scheme) || (this.port != ANY_PORT && this.port != port)) {
                return false;
            }
            boolean hostMatches = this.host.equals("*") || this.host.equals(host)
                    || (this.host.startsWith("*.") && host.endsWith(this.host.substring(1)));
            if (!hostMatches) {
                return false;
            }
            if (this.path.equals("/")) {
                return true;
            }
            // below a path prefix: no dot segments or encoded separators a server might decode into a way out
            String lower = path.toLowerCase(Locale.ROOT);
            if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || path.contains("/../")
                    || path.endsWith("/..")) {
                return false;
            }
            return path.startsWith(this.path) || (path + "/").equals(this.path);
        }
    }
}
