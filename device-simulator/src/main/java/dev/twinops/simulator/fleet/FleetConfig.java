package dev.twinops.simulator.fleet;

import dev.twinops.dm.reported.DeviceInfo;
import dev.twinops.simulator.device.DeviceObserver;
import dev.twinops.simulator.faults.FaultSettings;
import dev.twinops.simulator.firmware.DownloadPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything a fleet needs; build with {@link #builder(HubTarget)}. Defaults suit a demonstration: 10 devices
 * {@code sim-0001..}, no faults, seed 1, 5 s boot time, 2 MB/s per download, 16 connections opened at a time,
 * firmware from the {@link DownloadPolicy#defaults() default sources} up to 64 MiB.
 */
public final class FleetConfig {

    public static final int MAX_DEVICES = 10_000;
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,63}");

    private final HubTarget hub;
    private final int first;
    private final int count;
    private final String prefix;
    private final FaultSettings faults;
    private final long seed;
    private final Duration bootTime;
    private final long bandwidthBytesPerSecond;
    private final int parallelism;
    private final String factoryFirmwareVersion;
    private final Duration applyTime;
    private final Duration twinTimeout;
    private final Duration watchdogTimeout;
    private final Duration slowResponseDelay;
    private final Duration offlineDuration;
    private final Duration progressInterval;
    private final boolean installJvmTrust;
    private final DeviceObserver deviceObserver;
    private final DownloadPolicy downloadPolicy;
    private final FleetShape shape;

    private FleetConfig(Builder b) {
        this.hub = b.hub;
        this.shape = b.shape;
        this.first = b.first;
        // the devices after first - 1: a shape's all of them, unless a part of it was asked for with a count
        int available = b.shape != null ? b.shape.size() - (b.first - 1) : MAX_DEVICES - (b.first - 1);
        this.count = b.shape != null && !(b.firstGiven && b.countGiven) ? available : b.count;
        if (count < 1 || count > available) {
            throw new IllegalArgumentException(b.shape != null
                    ? "devices " + b.first + ".." + (b.first + count - 1) + " are not all in the shape's "
                            + b.shape.size() + " devices"
                    : "devices " + b.first + ".." + (b.first + count - 1) + " go beyond the " + MAX_DEVICES
                            + " a fleet may have");
        }
        this.prefix = b.prefix;
        this.faults = b.faults;
        this.seed = b.seed;
        this.bootTime = b.bootTime;
        this.bandwidthBytesPerSecond = b.bandwidthBytesPerSecond;
        this.parallelism = b.parallelism;
        this.factoryFirmwareVersion = b.factoryFirmwareVersion;
        this.applyTime = b.applyTime;
        this.twinTimeout = b.twinTimeout;
        this.watchdogTimeout = b.watchdogTimeout;
        this.slowResponseDelay = b.slowResponseDelay;
        this.offlineDuration = b.offlineDuration != null ? b.offlineDuration : b.bootTime.multipliedBy(3);
        this.progressInterval = b.progressInterval;
        this.installJvmTrust = b.installJvmTrust;
        this.deviceObserver = b.deviceObserver;
        this.downloadPolicy = b.downloadPolicy != null ? b.downloadPolicy : DownloadPolicy.defaults();
    }

    public static Builder builder(HubTarget hub) {
        return new Builder(hub);
    }

    /**
     * Device id {@code index} (1-based, within this fleet): the prefix and a number padded to at least four digits,
     * or with a shape the shape's device id; counted from {@link #first()}.
     */
    public String deviceId(int index) {
        return shape != null ? shaped(index).deviceId() : prefix + String.format("%04d", whole(index));
    }

    /** Where this fleet's device 1 is in the whole fleet's numbering (or shape): 1 unless it plays a part of one. */
    public int first() {
        return first;
    }

    /** Device {@code index}'s number in the whole fleet. */
    private int whole(int index) {
        return first + index - 1;
    }

    private FleetShape.Device shaped(int index) {
        return shape.devices().get(whole(index) - 1);
    }

    /** The copied fleet this one plays, or null for a fleet of numbered devices. */
    public FleetShape shape() {
        return shape;
    }

    /** The tags device {@code index} is registered with when the hub lacks it: the shape's, or site/model/ring. */
    public Map<String, Object> tags(int index) {
        return shape != null ? shaped(index).tags() : DeviceProfiles.tags(whole(index));
    }

    /** What device {@code index} reports as its device info: the shape's, or a made-up one. */
    public DeviceInfo deviceInfo(int index) {
        DeviceInfo fromShape = shape == null ? null : shaped(index).deviceInfo();
        return fromShape != null ? fromShape : DeviceProfiles.deviceInfo(whole(index), deviceId(index));
    }

    /** The firmware device {@code index} runs at the start (and after a factory reset): the shape's, or the factory one. */
    public String firmwareVersion(int index) {
        String fromShape = shape == null ? null : shaped(index).firmwareVersion();
        return fromShape != null ? fromShape : factoryFirmwareVersion;
    }

    public HubTarget hub() {
        return hub;
    }

    public int count() {
        return count;
    }

    public String prefix() {
        return prefix;
    }

    public FaultSettings faults() {
        return faults;
    }

    public long seed() {
        return seed;
    }

    public Duration bootTime() {
        return bootTime;
    }

    public long bandwidthBytesPerSecond() {
        return bandwidthBytesPerSecond;
    }

    public int parallelism() {
        return parallelism;
    }

    public String factoryFirmwareVersion() {
        return factoryFirmwareVersion;
    }

    public Duration applyTime() {
        return applyTime;
    }

    public Duration twinTimeout() {
        return twinTimeout;
    }

    public Duration watchdogTimeout() {
        return watchdogTimeout;
    }

    public Duration slowResponseDelay() {
        return slowResponseDelay;
    }

    public Duration offlineDuration() {
        return offlineDuration;
    }

    public Duration progressInterval() {
        return progressInterval;
    }

    public boolean installJvmTrust() {
        return installJvmTrust;
    }

    public DeviceObserver deviceObserver() {
        return deviceObserver;
    }

    /** Where devices may fetch firmware from, and how large a package may be. */
    public DownloadPolicy downloadPolicy() {
        return downloadPolicy;
    }

    public static final class Builder {
        private final HubTarget hub;
        private int count = 10;
        private boolean countGiven;
        private int first = 1;
        private boolean firstGiven;
        private String prefix = "sim-";
        private FaultSettings faults = FaultSettings.NONE;
        private long seed = 1;
        private Duration bootTime = Duration.ofSeconds(5);
        private long bandwidthBytesPerSecond = 2L * 1024 * 1024;
        private int parallelism = 16; // the command line's default (SimulatorCommand says why)
        private String factoryFirmwareVersion = "1.0.0";
        private Duration applyTime = Duration.ofSeconds(2);
        private Duration twinTimeout = Duration.ofSeconds(10);
        private Duration watchdogTimeout = Duration.ofMinutes(2);
        private Duration slowResponseDelay = Duration.ofSeconds(40);
        private Duration offlineDuration;
        private Duration progressInterval = Duration.ofSeconds(1);
        private boolean installJvmTrust = true;
        private DeviceObserver deviceObserver = DeviceObserver.NONE;
        private DownloadPolicy downloadPolicy;
        private FleetShape shape;

        private Builder(HubTarget hub) {
            this.hub = Objects.requireNonNull(hub, "hub");
        }

        /** Number of devices, 1..10,000. */
        public Builder count(int count) {
            if (count < 1 || count > MAX_DEVICES) {
                throw new IllegalArgumentException("device count must be between 1 and " + MAX_DEVICES + ", got " + count);
            }
            this.count = count;
            this.countGiven = true;
            return this;
        }

        /**
         * Plays one part of a fleet split over several processes: devices {@code first}.. of the numbering (or of the
         * shape), {@link #count} of them (with a shape, up to its end unless a count is given). Each device keeps
         * the id, tags, device info and faults it has in the whole fleet. Without it a shape's count is the shape's.
         */
        public Builder first(int first) {
            if (first < 1 || first > MAX_DEVICES) {
                throw new IllegalArgumentException("the first device must be between 1 and " + MAX_DEVICES + ", got "
                        + first);
            }
            this.first = first;
            this.firstGiven = true;
            return this;
        }

        /** Device id prefix, e.g. {@code sim-} gives {@code sim-0001}. */
        public Builder prefix(String prefix) {
            if (prefix == null || !PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("device prefix must be 1-64 letters, digits or . _ : - and start "
                        + "with a letter or digit, got '" + prefix + "'");
            }
            this.prefix = prefix;
            return this;
        }

        public Builder faults(FaultSettings faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /** Seed for fault draws: the same seed gives each device the same faults. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder bootTime(Duration bootTime) {
            this.bootTime = nonNegative(bootTime, "boot time");
            return this;
        }

        /** Simulated download bandwidth per device in bytes per second; 0 = unlimited. */
        public Builder bandwidthBytesPerSecond(long bytesPerSecond) {
            if (bytesPerSecond < 0) {
                throw new IllegalArgumentException("bandwidth must be zero (unlimited) or positive");
            }
            this.bandwidthBytesPerSecond = bytesPerSecond;
            return this;
        }

        /** How many connections (and registrations) are opened at the same time, 1..256. */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1 || parallelism > 256) {
                throw new IllegalArgumentException("parallelism must be between 1 and 256, got " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        public Builder factoryFirmwareVersion(String version) {
            if (version == null || version.isBlank()) {
                throw new IllegalArgumentException("factory firmware version must not be blank");
            }
            this.factoryFirmwareVersion = version;
            return this;
        }

        /** Time to verify plus write a firmware image (and to erase on factory reset). */
        public Builder applyTime(Duration applyTime) {
            this.applyTime = nonNegative(applyTime, "apply time");
            return this;
        }

        /** How long a device waits for a twin response before retrying (SDK race). */
        public Builder twinTimeout(Duration twinTimeout) {
            this.twinTimeout = positive(twinTimeout, "twin timeout");
            return this;
        }

        public Builder watchdogTimeout(Duration watchdogTimeout) {
            this.watchdogTimeout = nonNegative(watchdogTimeout, "watchdog timeout");
            return this;
        }

        public Builder slowResponseDelay(Duration slowResponseDelay) {
            this.slowResponseDelay = nonNegative(slowResponseDelay, "slow response delay");
            return this;
        }

        /** How long a device that drops off during an update stays away; default three boot times. */
        public Builder offlineDuration(Duration offlineDuration) {
            this.offlineDuration = nonNegative(offlineDuration, "offline duration");
            return this;
        }

        public Builder progressInterval(Duration progressInterval) {
            this.progressInterval = nonNegative(progressInterval, "progress interval");
            return this;
        }

        /**
         * Whether the fleet trusts a local hub's CA for that hub's address in the JVM's HTTPS default
         * ({@code PerHubTrust.jvm()}), which the service SDK registers devices through (default true). Turn off in a
         * process that trusts the hub itself and wants the JVM's default left as it is, e.g. the console.
         */
        public Builder installJvmTrust(boolean install) {
            this.installJvmTrust = install;
            return this;
        }

        /** Per-device events (state and acknowledged reports); called on simulator threads, must not block. */
        public Builder deviceObserver(DeviceObserver observer) {
            this.deviceObserver = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Which firmware locations devices may read ({@code file:} directories, http(s) URL prefixes) and the
         * largest package; default {@link DownloadPolicy#defaults()}.
         */
        public Builder downloadPolicy(DownloadPolicy policy) {
            this.downloadPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Plays a copied fleet: one device per shape entry, with its id, firmware version, device info and tags; the
         * count (unless {@link #first} picks a part) and prefix are then the shape's.
         */
        public Builder shape(FleetShape shape) {
            this.shape = Objects.requireNonNull(shape, "shape");
            return this;
        }

        public FleetConfig build() {
            return new FleetConfig(this);
        }

        private static Duration nonNegative(Duration d, String what) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be zero or positive");
            }
            return d;
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }
}
