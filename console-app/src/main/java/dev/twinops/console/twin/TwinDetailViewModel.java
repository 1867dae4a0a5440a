package dev.twinops.console.twin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.twinops.console.connection.HubAction;
import dev.twinops.console.code.CodeSnippet;
import dev.twinops.console.code.CopyAsCode;
import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubErrors;
import dev.twinops.console.devices.DeviceSnapshot;
import dev.twinops.console.tasks.BackgroundTask;
import dev.twinops.console.tasks.Generation;
import dev.twinops.console.tasks.TaskRunner;
import dev.twinops.console.time.ReadableTime;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The selected device's twin: identity, a property tree and raw JSON, and editors for tags and desired
 * properties. Saving sends only what changed, as a patch with the twin's etag (If-Match). When someone
 * else changed the twin meanwhile (412), the pane shows the new twin, keeps everything typed, and the next
 * save applies the operator's changes on top of the new version. Typed but unsaved edits are kept per
 * device when the operator selects another one.
 */
public final class TwinDetailViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(TwinDetailViewModel.class);

    /** What the editors started from, and what they hold. */
    private record Draft(ObjectNode baseTags, ObjectNode baseDesired, String tagsText, String desiredText) {
    }

    /** How a save ended: the saved twin, or (someone changed it first) the newer twin, null if unreadable. */
    private record SaveOutcome(TwinSnapshot saved, TwinSnapshot newer) {
    }

    private final TwinService twins;
    private final TaskRunner tasks;
    private final ReadableTime time;
    private final BiConsumer<HubConnection, Throwable> failureReporter;
    private final Consumer<DeviceSnapshot> twinChanged;

    private final ReadOnlyStringWrapper deviceId = new ReadOnlyStringWrapper(this, "deviceId", "");
    private final ReadOnlyObjectWrapper<TwinSnapshot> twin = new ReadOnlyObjectWrapper<>(this, "twin");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(this, "saving");
    private final ReadOnlyBooleanWrapper conflict = new ReadOnlyBooleanWrapper(this, "conflict");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper editProblem = new ReadOnlyStringWrapper(this, "editProblem", "");
    private final ReadOnlyStringWrapper rawJson = new ReadOnlyStringWrapper(this, "rawJson", "");
    private final ReadOnlyObjectWrapper<TwinTreeNode> tree = new ReadOnlyObjectWrapper<>(this, "tree");
    private final ObservableList<IdentityField> identity = FXCollections.observableArrayList();
    private final StringProperty tagsText = new SimpleStringProperty(this, "tagsText", "");
    private final StringProperty desiredText = new SimpleStringProperty(this, "desiredText", "");
    private final ReadOnlyStringWrapper baseTagsText = new ReadOnlyStringWrapper(this, "baseTagsText", "");
    private final ReadOnlyStringWrapper baseDesiredText = new ReadOnlyStringWrapper(this, "baseDesiredText", "");
    private final BooleanBinding dirty;

    private final Map<String, Draft> drafts = new HashMap<>();
    private HubConnection connection;
    private ObjectNode baseTags;
    private ObjectNode baseDesired;
    // Every load and save starts a generation; showing another device ends the one under way.
    private final Generation requests = new Generation();

    public TwinDetailViewModel(TwinService twins, TaskRunner tasks, ReadableTime time,
                               BiConsumer<HubConnection, Throwable> failureReporter,
                               Consumer<DeviceSnapshot> twinChanged) {
        this.twins = Objects.requireNonNull(twins);
        this.tasks = Objects.requireNonNull(tasks);
        this.time = Objects.requireNonNull(time);
        this.failureReporter = Objects.requireNonNull(failureReporter);
        this.twinChanged = Objects.requireNonNull(twinChanged);
        dirty = Bindings.createBooleanBinding(
                () -> !tagsText.get().equals(baseTagsText.get()) || !desiredText.get().equals(baseDesiredText.get()),
                tagsText, desiredText, baseTagsText, baseDesiredText);
        tagsText.addListener((obs, old, text) -> validate());
        desiredText.addListener((obs, old, text) -> validate());
    }

    // ---- state for the view ----

    /** The device shown, "" for none. */
    public ReadOnlyStringProperty deviceIdProperty() {
        return deviceId.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TwinSnapshot> twinProperty() {
        return twin.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    /** True after a save hit a newer twin (412) until the next successful save or revert. */
    public ReadOnlyBooleanProperty conflictProperty() {
        return conflict.getReadOnlyProperty();
    }

    /** The outcome of the last load or save, for the operator. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** What is wrong with the editors' JSON right now; "" when both are valid. */
    public ReadOnlyStringProperty editProblemProperty() {
        return editProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rawJsonProperty() {
        return rawJson.getReadOnlyProperty();
    }

    /** Tags, Desired and Reported under the device, with $lastUpdated times. */
    public ReadOnlyObjectProperty<TwinTreeNode> treeProperty() {
        return tree.getReadOnlyProperty();
    }

    public ObservableList<IdentityField> identity() {
        return identity;
    }

    public StringProperty tagsTextProperty() {
        return tagsText;
    }

    public StringProperty desiredTextProperty() {
        return desiredText;
    }

    /** The editors differ from what they were loaded with. */
    public BooleanBinding dirtyProperty() {
        return dirty;
    }

    // ---- actions ----

    public void useConnection(HubConnection newConnection) {
        connection = newConnection;
        drafts.clear();
        show(null);
    }

    /** Shows a device (null clears the pane). Unsaved edits of the previous device are kept for later. */
    public void show(String newDeviceId) {
        String current = deviceId.get();
        if (!current.isEmpty() && dirty.get() && baseTags != null) {
            drafts.put(current, new Draft(baseTags, baseDesired, tagsText.get(), desiredText.get()));
        }
        requests.invalidate();
        conflict.set(false);
        message.set("");
        twin.set(null);
        tree.set(null);
        rawJson.set("");
        identity.clear();
        baseTags = null;
        baseDesired = null;
        setEditors("", "", "", "");
        deviceId.set(newDeviceId == null ? "" : newDeviceId);
        if (newDeviceId != null) {
            load(newDeviceId, false);
        }
    }

    /** Reads the twin again; typed edits stay. */
    public void reload() {
        if (!deviceId.get().isEmpty()) {
            load(deviceId.get(), true);
        }
    }

    /** Drops the edits: the editors show the current twin again. */
    public void revert() {
        TwinSnapshot shown = twin.get();
        if (shown != null) {
            startEditingFrom(shown);
            conflict.set(false);
            message.set("");
        }
    }

    /**
     * The edit as code (Copy as code): the patch {@link #save} would send, with the twin's etag; null (and the editor
     * says why) when the editors do not parse or nothing changed.
     */
    public CodeSnippet editAsCode() {
        TwinSnapshot shown = twin.get();
        if (shown == null || connection == null) {
            return null;
        }
        try {
            ObjectNode tagsPatch = JsonMergePatch.diff(baseTags, TwinJsonRules.parse(tagsText.get(), TwinSection.TAGS));
            ObjectNode desiredPatch = JsonMergePatch.diff(baseDesired,
                    TwinJsonRules.parse(desiredText.get(), TwinSection.DESIRED));
            if (tagsPatch.isEmpty() && desiredPatch.isEmpty()) {
                message.set("Nothing to copy: the editors match the twin.");
                return null;
            }
            return CopyAsCode.twinUpdate(connection.endpoint(), shown.deviceId(),
                    tagsPatch.isEmpty() ? null : tagsPatch.toString(),
                    desiredPatch.isEmpty() ? null : desiredPatch.toString(), shown.etag());
        } catch (TwinEditException e) {
            editProblem.set(e.getMessage());
            return null;
        }
    }

    /** Validates the editors and sends what changed as a patch with the twin's etag. */
    public void save() {
        TwinSnapshot shown = twin.get();
        if (shown == null || saving.get() || connection == null) {
            return;
        }
        ObjectNode tags;
        ObjectNode desired;
        try {
            tags = TwinJsonRules.parse(tagsText.get(), TwinSection.TAGS);
            desired = TwinJsonRules.parse(desiredText.get(), TwinSection.DESIRED);
        } catch (TwinEditException e) {
            editProblem.set(e.getMessage());
            return;
        }
        ObjectNode tagsPatch = JsonMergePatch.diff(baseTags, tags);
        ObjectNode desiredPatch = JsonMergePatch.diff(baseDesired, desired);
        if (tagsPatch.isEmpty() && desiredPatch.isEmpty()) {
            message.set("Nothing to save: the editors match the twin.");
            return;
        }
        Generation.Token token = requests.next();
        String id = shown.deviceId();
        String etag = shown.etag();
        HubConnection hub = connection;
        saving.set(true);
        message.set("Saving…");
        tasks.run(BackgroundTask.of(() -> patchOrReadNewer(hub, id, tagsPatch, desiredPatch, etag))
                .onFailureInBackground(e -> failureReporter.accept(hub, e))
                .onSuccess(outcome -> {
                    saving.set(false);
                    if (outcome.saved() != null) {
                        twinChanged.accept(outcome.saved().toDeviceSnapshot());
                        if (token.isCurrent()) {
                            showTwin(outcome.saved());
                            startEditingFrom(outcome.saved());
                            conflict.set(false);
                            message.set("Saved. Twin version " + outcome.saved().version() + ".");
                        }
                    } else if (token.isCurrent()) {
                        showConflict(outcome.newer());
                    }
                })
                .onFailure(e -> {
                    saving.set(false);
                    if (token.isCurrent()) {
                        message.set("Not saved: "
                                + HubErrors.describe(e, HubAction.UPDATE_TWIN, hub.endpoint(), hub.policyName()));
                    }
                }));
    }

    // ---- internals ----

    /** Sends the patch; when someone changed the twin since {@code etag} (412), reads the newer twin. Blocking. */
    private SaveOutcome patchOrReadNewer(HubConnection hub, String id, ObjectNode tagsPatch, ObjectNode desiredPatch,
                                         String etag) throws Exception {
        try {
            return new SaveOutcome(twins.patch(hub, id, tagsPatch, desiredPatch, etag), null);
        } catch (Exception e) {
            if (!HubErrors.isPreconditionFailed(e)) {
                throw e;
            }
            LOG.info("Twin {} changed since etag {}; showing the newer twin", id, etag);
            try {
                return new SaveOutcome(null, twins.get(hub, id));
            } catch (Exception readError) {
                LOG.warn("Could not read twin {} after a conflict", id, readError);
                return new SaveOutcome(null, null);
            }
        }
    }

    private void showConflict(TwinSnapshot latest) {
        conflict.set(true);
        if (latest != null) {
            showTwin(latest);
            twinChanged.accept(latest.toDeviceSnapshot());
        }
        message.set("Not saved: someone changed this twin since you opened it"
                + (latest == null ? "" : " (now version " + latest.version() + ")")
                + ". The current twin is shown; your edits are kept. Save again to apply your "
                + "changes on top of it, or Revert to start from it.");
    }

    private void load(String id, boolean keepEdits) {
        if (connection == null) {
            return;
        }
        Generation.Token token = requests.next();
        HubConnection hub = connection;
        loading.set(true);
        tasks.run(BackgroundTask.of(() -> twins.get(hub, id))
                .onlyWhile(token::isCurrent)
                .onFailureInBackground(e -> failureReporter.accept(hub, e))
                .onSuccess(loaded -> {
                    loading.set(false);
                    showTwin(loaded);
                    Draft draft = drafts.remove(id);
                    if (draft != null) {
                        baseTags = draft.baseTags();
                        baseDesired = draft.baseDesired();
                        setEditors(TwinSnapshot.pretty(draft.baseTags()), TwinSnapshot.pretty(draft.baseDesired()),
                                draft.tagsText(), draft.desiredText());
                        message.set("Your unsaved edits of this twin are back.");
                    } else if (!keepEdits || !dirty.get()) {
                        startEditingFrom(loaded);
                    }
                })
                .onFailure(e -> {
                    loading.set(false);
                    message.set(HubErrors.describe(e, HubAction.READ_TWIN, hub.endpoint(), hub.policyName()));
                }));
    }

    private void showTwin(TwinSnapshot snapshot) {
        twin.set(snapshot);
        tree.set(snapshot.tree());
        rawJson.set(snapshot.rawJson());
        identity.setAll(List.of(
                new IdentityField("State", snapshot.status() + " · " + snapshot.connectionState()
                        + (snapshot.statusUpdated() == null ? "" : " · status since " + time.absolute(snapshot.statusUpdated()))),
                new IdentityField("Last activity", time.withAge(snapshot.lastActivity())),
                new IdentityField("Versions", "twin " + snapshot.version() + " · desired " + snapshot.desiredVersion()
                        + " · reported " + snapshot.reportedVersion()),
                new IdentityField("ETag", String.valueOf(snapshot.etag())),
                new IdentityField("Cloud-to-device queue", snapshot.cloudToDeviceMessageCount() == null
                        ? "0" : String.valueOf(snapshot.cloudToDeviceMessageCount()))));
    }

    private void startEditingFrom(TwinSnapshot snapshot) {
        baseTags = snapshot.tags();
        baseDesired = snapshot.desired();
        String tags = TwinSnapshot.pretty(baseTags);
        String desired = TwinSnapshot.pretty(baseDesired);
        setEditors(tags, desired, tags, desired);
    }

    private void setEditors(String baseTagsValue, String baseDesiredValue, String tags, String desired) {
        baseTagsText.set(baseTagsValue);
        baseDesiredText.set(baseDesiredValue);
        tagsText.set(tags);
        desiredText.set(desired);
        validate();
    }

    private void validate() {
        try {
            TwinJsonRules.parse(tagsText.get(), TwinSection.TAGS);
            TwinJsonRules.parse(desiredText.get(), TwinSection.DESIRED);
            editProblem.set("");
        } catch (TwinEditException e) {
            editProblem.set(e.getMessage());
        }
    }
}
