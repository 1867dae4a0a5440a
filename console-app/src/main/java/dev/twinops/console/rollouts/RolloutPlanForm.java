package dev.twinops.console.rollouts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.twinops.console.operations.FirmwareUpdateForm;
import dev.twinops.console.operations.OperationRequest;
import dev.twinops.rollout.json.RolloutJson;
import dev.twinops.rollout.plan.OperationSpec;
import dev.twinops.rollout.plan.OperationType;
import dev.twinops.rollout.plan.PlanJson;
import dev.twinops.rollout.plan.PlanValidationException;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.plan.WaveSpec;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * "New staged rollout...": the plan as the operator builds it. The target is the query the list shows (or the
 * selection as a {@code deviceId IN [...]} condition), the operation a firmware update (the firmware dialog's own
 * form: package file or URL, SHA-256, version, demo image), a reboot or any method, and the waves prefilled with
 * the engine's defaults (canary 1 %, 10 %, the rest). {@link #toPlan} checks it with the engine's own validation
 * and puts each problem next to its field; the summary says how many devices each wave would take.
 */
public final class RolloutPlanForm {

    private static final Pattern WAVE_FIELD = Pattern.compile("waves\\[(\\d+)](?:\\.(.*))?");

    private final FirmwareUpdateForm firmware;
    private final long targetCount;
    private final String initialTarget;

    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty target = new SimpleStringProperty(this, "target", "");
    private final ObjectProperty<OperationType> operation = new SimpleObjectProperty<>(this, "operation",
            OperationType.FIRMWARE_UPDATE);
    private final StringProperty methodName = new SimpleStringProperty(this, "methodName", "");
    private final StringProperty payload = new SimpleStringProperty(this, "payload", "{}");
    private final ObservableList<WaveForm> waves = FXCollections.observableArrayList(
            w -> new Observable[] {w.kindProperty(), w.valueProperty(), w.nameProperty()});
    private final ReadOnlyStringWrapper targetMessage = new ReadOnlyStringWrapper(this, "targetMessage", "");
    private final ReadOnlyStringWrapper methodMessage = new ReadOnlyStringWrapper(this, "methodMessage", "");
    private final ReadOnlyStringWrapper planMessage = new ReadOnlyStringWrapper(this, "planMessage", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

    /**
     * @param targetCondition the devices, as a twin query condition ("" for every device)
     * @param targetCount     how many devices the condition matched when the dialog opened
     */
    public RolloutPlanForm(FirmwareUpdateForm firmware, String targetCondition, long targetCount) {
        this.firmware = Objects.requireNonNull(firmware);
        this.initialTarget = targetCondition == null ? "" : targetCondition.strip();
        this.targetCount = targetCount;
        target.set(initialTarget);
        for (WaveSpec spec : new RolloutPlan(null, null, "", OperationSpec.reboot(), null).withDefaults().waves()) {
            waves.add(WaveForm.of(spec));
        }
        waves.addListener((javafx.collections.ListChangeListener<WaveForm>) c -> updateSummary());
        target.addListener((obs, old, now) -> updateSummary());
        updateSummary();
    }

    public FirmwareUpdateForm firmware() {
        return firmware;
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** The twin query condition of the rollout's devices. */
    public StringProperty targetProperty() {
        return target;
    }

    public ObjectProperty<OperationType> operationProperty() {
        return operation;
    }

    public StringProperty methodNameProperty() {
        return methodName;
    }

    public StringProperty payloadProperty() {
        return payload;
    }

    public ObservableList<WaveForm> waves() {
        return waves;
    }

    public ReadOnlyStringProperty targetMessageProperty() {
        return targetMessage.getReadOnlyProperty();
    }

    /** About the method name or its payload. */
    public ReadOnlyStringProperty methodMessageProperty() {
        return methodMessage.getReadOnlyProperty();
    }

    /** Problems that belong to no one field. */
    public ReadOnlyStringProperty planMessageProperty() {
        return planMessage.getReadOnlyProperty();
    }

    /** "60 devices: canary 1 (1 %), early 6 (10 %), rest 53." */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** A new wave before the last one (the last usually takes the rest), 10 % with the defaults. */
    public void addWave() {
        WaveSpec spec = new RolloutPlan(null, null, "", OperationSpec.reboot(),
                List.of(WaveSpec.percent("wave " + (waves.size() + 1), 10))).withDefaults().waves().get(0);
        int at = waves.isEmpty() || waves.get(waves.size() - 1).kindProperty().get() != WaveForm.Kind.REST
                ? waves.size() : waves.size() - 1;
        waves.add(at, WaveForm.of(spec));
    }

    public void removeWave(WaveForm wave) {
        if (waves.size() > 1) {
            waves.remove(wave);
        }
    }

    /**
     * The plan, validated with its defaults filled in; null when something is wrong, each problem shown next to
     * its field (or in the plan message).
     */
    public RolloutPlan toPlan() {
        targetMessage.set("");
        methodMessage.set("");
        planMessage.set("");
        boolean ok = true;
        List<WaveSpec> specs = new ArrayList<>();
        for (WaveForm w : waves) {
            w.showMessage("");
            WaveSpec spec = w.toSpec();
            ok &= spec != null;
            specs.add(spec);
        }
        OperationSpec op = operationSpec();
        if (!ok || op == null) {
            return null;
        }
        String planName = name.get() == null || name.get().isBlank() ? null : name.get().strip();
        try {
            return PlanJson.validate(new RolloutPlan(null, planName, target.get(), op, specs));
        } catch (PlanValidationException e) {
            for (PlanValidationException.Problem p : e.problems()) {
                show(p);
            }
            return null;
        }
    }

    private OperationSpec operationSpec() {
        switch (operation.get()) {
            case REBOOT:
                return OperationSpec.reboot();
            case METHOD:
                String text = payload.get() == null || payload.get().isBlank() ? "null" : payload.get();
                try {
                    JsonNode json = RolloutJson.mapper().readTree(text);
                    return OperationSpec.method(methodName.get() == null || methodName.get().isBlank() ? null
                            : methodName.get().strip(), json);
                } catch (JsonProcessingException e) {
                    methodMessage.set("The payload is not JSON: " + e.getOriginalMessage());
                    return null;
                }
            default:
                OperationRequest request = firmware.toRequest(); // each field says what is wrong
                if (request == null) {
                    return null;
                }
                try {
                    JsonNode p = RolloutJson.mapper().readTree(request.payloadJson());
                    return OperationSpec.firmwareUpdate(p.path("fwPackageUri").asText(),
                            request.targetVersion(), p.path("fwPackageCheckValue").asText());
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("the firmware form wrote no JSON", e);
                }
        }
    }

    private void show(PlanValidationException.Problem p) {
        String text = capitalize(p.message()) + ".";
        Matcher m = WAVE_FIELD.matcher(p.field());
        if (m.matches() && Integer.parseInt(m.group(1)) < waves.size()) {
            WaveForm w = waves.get(Integer.parseInt(m.group(1)));
            String field = m.group(2) == null ? "" : readable(m.group(2)) + " ";
            w.showMessage(join(w.messageProperty().get(), field.isEmpty() ? text : capitalize(field) + p.message()
                    + "."));
        } else if (p.field().equals("target")) {
            targetMessage.set(join(targetMessage.get(), "The target " + p.message() + "."));
        } else if (p.field().startsWith("operation")) {
            methodMessage.set(join(methodMessage.get(), capitalize(readable(p.field()
                    .substring("operation".length()).replaceFirst("^\\.", "")) + " " + p.message()) + "."));
        } else {
            planMessage.set(join(planMessage.get(), p.toString()));
        }
    }

    /** "failureThreshold.percent" becomes "failure threshold percent". */
    private static String readable(String field) {
        return field.replace('.', ' ').replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT).strip();
    }

    private void updateSummary() {
        boolean counted = target.get() != null && target.get().strip().equals(initialTarget) && targetCount >= 0;
        long total = counted ? targetCount : -1;
        StringBuilder s = new StringBuilder(total < 0 ? "The devices are counted when the rollout starts: "
                : String.format(Locale.ROOT, "%,d %s: ", total, total == 1 ? "device" : "devices"));
        long assigned = 0;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < waves.size(); i++) {
            WaveForm w = waves.get(i);
            String label = w.nameProperty().get() == null || w.nameProperty().get().isBlank() ? "wave " + (i + 1)
                    : w.nameProperty().get().strip();
            long remaining = Math.max(0, total - assigned);
            long n = switch (w.kindProperty().get()) {
                case COUNT -> Math.min(remaining, (long) WaveForm.parseOr(w.valueProperty().get(), 0));
                // as the engine does: a share of the whole target, at least one device
                case PERCENT -> Math.min(remaining, Math.max(1, (long) Math.ceil(total
                        * WaveForm.parseOr(w.valueProperty().get(), 0) / 100.0 - 1e-9)));
                case CONDITION -> -1;
                case REST -> remaining;
            };
            if (total < 0 || n < 0) {
                parts.add(label + " " + w.describeSelection());
            } else {
                assigned += n;
                parts.add(String.format(Locale.ROOT, "%s %,d (%s)", label, n, w.describeSelection()));
            }
        }
        s.append(String.join(", ", parts)).append('.');
        if (total >= 0 && waves.stream().anyMatch(w -> w.kindProperty().get() == WaveForm.Kind.CONDITION)) {
            s.append(" A condition wave takes the target devices matching it when it starts.");
        }
        summary.set(s.toString());
    }

    private static String join(String a, String b) {
        return a == null || a.isEmpty() ? b : a + " " + b;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
