package dev.twinops.console.operations;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.console.tasks.BackgroundTask;
import dev.twinops.console.tasks.TaskHandle;
import dev.twinops.console.tasks.TaskRunner;
import dev.twinops.dm.method.FirmwareUpdateRequest;
import dev.twinops.dm.method.InvalidRequestException;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * "Firmware update...": the package (a local file the devices read through a {@code file:} URI, which only devices
 * on this computer can do, or a URL with its SHA-256 typed in), and the target version. A file's SHA-256 is
 * computed off the FX thread as soon as the path names a file. Each field has its own message; nothing is sent
 * until every field is valid.
 */
public final class FirmwareUpdateForm implements OperationForm {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareUpdateForm.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern VERSION_IN_NAME = Pattern.compile("(\\d+\\.\\d+(?:\\.\\d+)*(?:[-+][0-9A-Za-z.]+)?)");

    /** Where the package comes from. */
    public enum Source { FILE, URL }

    /** Computes a file's SHA-256 (blocking). */
    @FunctionalInterface
    public interface Hasher {
        String sha256(Path file) throws Exception;
    }

    private final Hasher hasher;
    private final TaskRunner tasks;
    private final boolean filesReachDevices;

    private final ObjectProperty<Source> source = new SimpleObjectProperty<>(this, "source");
    private final StringProperty filePath = new SimpleStringProperty(this, "filePath", "");
    private final StringProperty url = new SimpleStringProperty(this, "url", "");
    private final StringProperty checksum = new SimpleStringProperty(this, "checksum", "");
    private final StringProperty version = new SimpleStringProperty(this, "version", "");
    private final ReadOnlyStringWrapper fileMessage = new ReadOnlyStringWrapper(this, "fileMessage", "");
    private final ReadOnlyStringWrapper urlMessage = new ReadOnlyStringWrapper(this, "urlMessage", "");
    private final ReadOnlyStringWrapper checksumMessage = new ReadOnlyStringWrapper(this, "checksumMessage", "");
    private final ReadOnlyStringWrapper versionMessage = new ReadOnlyStringWrapper(this, "versionMessage", "");
    private final ReadOnlyBooleanWrapper hashing = new ReadOnlyBooleanWrapper(this, "hashing");
    private TaskHandle hashTask;
    private String hashedPath;
    private String fileChecksum = "";
    /** Where the chosen file was copied for the devices (null: sent from where it is). */
    private Path stagedFile;
    private Path stagingDirectory;
    private boolean versionSuggested;
    private Path demoDirectory;
    private final ReadOnlyBooleanWrapper creatingDemo = new ReadOnlyBooleanWrapper(this, "creatingDemo");

    /**
     * @param filesReachDevices true when the devices run on this computer (local hub or the console's simulator),
     *                          so a {@code file:} URI means something to them
     */
    public FirmwareUpdateForm(Hasher hasher, TaskRunner tasks, boolean filesReachDevices) {
        this.hasher = Objects.requireNonNull(hasher);
        this.tasks = Objects.requireNonNull(tasks);
        this.filesReachDevices = filesReachDevices;
        source.set(filesReachDevices ? Source.FILE : Source.URL);
        filePath.addListener((obs, old, text) -> fileChanged());
        url.addListener((obs, old, text) -> {
            if (!urlMessage.get().isEmpty()) {
                checkUrl();
            }
        });
        checksum.addListener((obs, old, text) -> {
            if (source.get() == Source.URL && !checksumMessage.get().isEmpty()) {
                checkChecksum();
            }
        });
        version.addListener((obs, old, text) -> {
            versionSuggested = false;
            if (!versionMessage.get().isEmpty()) {
                checkVersion();
            }
        });
        source.addListener((obs, old, now) -> {
            fileMessage.set("");
            urlMessage.set("");
            checksumMessage.set("");
            if (now == Source.FILE) {
                checksum.set(fileChecksum);
            } else if (checksum.get().equals(fileChecksum)) {
                checksum.set("");
            }
        });
    }

    /** Where "Create a demo image" writes; null (the default) offers no demo image. */
    public void offerDemoImages(Path directory) {
        this.demoDirectory = directory;
    }

    /** A chosen file is copied into {@code directory} (see {@link FirmwareStaging}) and sent from there. */
    public void stageFilesIn(Path directory) {
        this.stagingDirectory = directory;
    }

    /** True when a demo image can be made here: devices on this computer, and a directory for it. */
    public boolean offersDemoImages() {
        return demoDirectory != null && filesReachDevices;
    }

    public ReadOnlyBooleanProperty creatingDemoProperty() {
        return creatingDemo.getReadOnlyProperty();
    }

    /**
     * Writes the next demo image (see {@link DemoFirmware}) off the FX thread and then uses it as the package: its
     * SHA-256 is computed and its version suggested as for any file.
     */
    public void createDemoImage() {
        if (!offersDemoImages() || creatingDemo.get()) {
            return;
        }
        creatingDemo.set(true);
        fileMessage.set("");
        Path directory = demoDirectory;
        tasks.run(BackgroundTask.of(() -> DemoFirmware.createNext(directory))
                .onSuccess(image -> {
                    creatingDemo.set(false);
                    source.set(Source.FILE);
                    versionSuggested = true; // the demo's version replaces what the field had
                    filePath.set(image.toString());
                })
                .onFailureInBackground(e -> LOG.warn("Could not write a demo image in {}: {}", directory, e.toString()))
                .onFailure(e -> {
                    creatingDemo.set(false);
                    fileMessage.set("Cannot write a demo image in " + directory + ": " + e.getMessage());
                }));
    }

    public ObjectProperty<Source> sourceProperty() {
        return source;
    }

    public StringProperty filePathProperty() {
        return filePath;
    }

    public StringProperty urlProperty() {
        return url;
    }

    /** For a URL: typed by the operator; for a file: computed (shown read-only). */
    public StringProperty checksumProperty() {
        return checksum;
    }

    public StringProperty versionProperty() {
        return version;
    }

    public ReadOnlyStringProperty fileMessageProperty() {
        return fileMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty urlMessageProperty() {
        return urlMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty checksumMessageProperty() {
        return checksumMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty versionMessageProperty() {
        return versionMessage.getReadOnlyProperty();
    }

    /** True while a file's SHA-256 is being computed. */
    public ReadOnlyBooleanProperty hashingProperty() {
        return hashing.getReadOnlyProperty();
    }

    public boolean filesReachDevices() {
        return filesReachDevices;
    }

    /**
     * Checks every field; returns the request when all are valid, otherwise null with each problem shown next to
     * its field.
     */
    @Override
    public OperationRequest toRequest() {
        boolean ok;
        String uri;
        if (source.get() == Source.FILE) {
            uri = checkFile();
            ok = uri != null;
            if (ok && hashing.get()) {
                fileMessage.set("The SHA-256 is still being computed; a moment please.");
                ok = false;
            }
        } else {
            uri = checkUrl();
            ok = uri != null;
            ok &= checkChecksum();
        }
        ok &= checkVersion();
        if (!ok) {
            return null;
        }
        try {
            return OperationRequest.firmwareUpdate(uri, checksum.get().strip(), version.get().strip());
        } catch (InvalidRequestException e) {
            versionMessage.set(e.getMessage());
            return null;
        }
    }

    // ---- fields ----

    private void fileChanged() {
        fileMessage.set("");
        String text = filePath.get() == null ? "" : filePath.get().strip();
        Path file = fileOrNull(text);
        stopHashing(); // the path changed: an earlier file's SHA-256 is of no use
        stagedFile = null;
        if (file == null || !Files.isRegularFile(file)) {
            hashing.set(false);
            fileChecksum = "";
            hashedPath = null;
            if (source.get() == Source.FILE) {
                checksum.set("");
            }
            return;
        }
        suggestVersion(file);
        hashing.set(true);
        if (source.get() == Source.FILE) {
            checksum.set("");
        }
        Path staging = filesReachDevices ? stagingDirectory : null;
        hashTask = tasks.run(BackgroundTask.of(() -> {
                    String digest = hasher.sha256(file);
                    return new Hashed(digest, staging == null ? null : FirmwareStaging.stage(file, digest, staging));
                })
                .onSuccess(result -> {
                    stagedFile = result.staged();
                    hashed(text, result.sha256(), null);
                })
                .onFailureInBackground(e -> LOG.warn("Could not read {}: {}", file, e.toString()))
                .onFailure(e -> hashed(text, "", "Cannot read the file: " + e.getMessage())));
    }

    private record Hashed(String sha256, Path staged) {
    }

    private void hashed(String path, String digest, String problem) {
        hashing.set(false);
        fileChecksum = digest;
        hashedPath = path;
        if (source.get() == Source.FILE) {
            checksum.set(digest);
        }
        if (problem != null) {
            fileMessage.set(problem);
        }
    }

    private void stopHashing() {
        if (hashTask != null) {
            hashTask.cancel();
            hashTask = null;
        }
    }

    /** The file's {@code file:} URI, or null with the problem shown. */
    private String checkFile() {
        if (!filesReachDevices) {
            fileMessage.set("Devices connected to Azure cannot read a file on this computer: give a URL they can "
                    + "download from (e.g. blob storage with a SAS).");
            return null;
        }
        String text = filePath.get() == null ? "" : filePath.get().strip();
        if (text.isEmpty()) {
            fileMessage.set("Choose the firmware package file.");
            return null;
        }
        Path file = fileOrNull(text);
        if (file == null) {
            fileMessage.set("\"" + text + "\" is not a valid path.");
            return null;
        }
        if (!Files.exists(file)) {
            fileMessage.set("There is no file " + file + ".");
            return null;
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            fileMessage.set(file + " is not a readable file.");
            return null;
        }
        try {
            if (Files.size(file) == 0) {
                fileMessage.set(file + " is empty.");
                return null;
            }
        } catch (java.io.IOException e) {
            fileMessage.set("Cannot read the file: " + e.getMessage());
            return null;
        }
        if (!hashing.get() && (!text.equals(hashedPath) || fileChecksum.isEmpty())) {
            fileChanged(); // e.g. the file appeared after the path was typed
            fileMessage.set("The SHA-256 is still being computed; a moment please.");
            return null;
        }
        fileMessage.set("");
        return (stagedFile != null ? stagedFile : file.toAbsolutePath()).toUri().toString();
    }

    private String checkUrl() {
        String text = url.get() == null ? "" : url.get().strip();
        if (text.isEmpty()) {
            urlMessage.set("Give the package URL, e.g. https://firmware.example.com/tx200-2.1.0.bin");
            return null;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            urlMessage.set("Not a valid URL: " + e.getReason() + " at position " + e.getIndex() + ".");
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            urlMessage.set(scheme.equals("file") ? "For a file on this computer choose \"Local file\"."
                    : "The URL must start with https:// (or http://).");
            return null;
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            urlMessage.set("The URL has no host name.");
            return null;
        }
        urlMessage.set("");
        return text;
    }

    private boolean checkChecksum() {
        String text = checksum.get() == null ? "" : checksum.get().strip();
        if (text.isEmpty()) {
            checksumMessage.set("Give the package's SHA-256 (64 hex digits): devices refuse a package that does not match.");
            return false;
        }
        if (!SHA256.matcher(text).matches()) {
            checksumMessage.set("A SHA-256 is 64 hex digits (0-9, a-f); this is " + text.length() + " characters"
                    + (text.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? "." : " with non-hex characters."));
            return false;
        }
        checksumMessage.set("");
        return true;
    }

    private boolean checkVersion() {
        String text = version.get() == null ? "" : version.get().strip();
        if (text.isEmpty()) {
            versionMessage.set("Give the version the package installs; devices count as updated when they report it.");
            return false;
        }
        try {
            new FirmwareUpdateRequest("https://example.invalid/p", "0".repeat(64), text, null);
        } catch (InvalidRequestException e) {
            versionMessage.set(capitalize(e.getMessage()) + ".");
            return false;
        }
        versionMessage.set("");
        return true;
    }

    private void suggestVersion(Path file) {
        String current = version.get() == null ? "" : version.get().strip();
        if (!current.isEmpty() && !versionSuggested) {
            return;
        }
        Matcher m = VERSION_IN_NAME.matcher(file.getFileName().toString().replaceFirst("\\.(bin|img|fw|zip|hex)$", ""));
        if (m.find()) {
            version.set(m.group(1));
            versionSuggested = true;
        }
    }

    private static Path fileOrNull(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
