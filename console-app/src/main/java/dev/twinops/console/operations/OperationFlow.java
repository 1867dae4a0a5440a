package dev.twinops.console.operations;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import dev.twinops.console.code.CodeSnippet;
import dev.twinops.console.tasks.TaskRunner;

/**
 * What the operation buttons and the table's context menu do: choose the targets, open the form (a fresh one each
 * time) where the operation needs one, check it, ask for confirmation when {@link OperationsViewModel#confirmation}
 * says so, and start the operation. The dialogs themselves are the {@link DialogService}'s.
 */
public final class OperationFlow {

    private final OperationsViewModel operations;
    private final DialogService dialogs;
    private final FirmwareUpdateForm.Hasher hasher;
    private final TaskRunner tasks;
    private final BooleanSupplier devicesOnThisComputer;
    private final Path demoFirmwareDirectory;

    /**
     * @param tasks                 where a package's SHA-256 is computed and demo images are written
     * @param devicesOnThisComputer true when a {@code file:} URI reaches the devices (local hub or in-process fleet)
     * @param demoFirmwareDirectory where the firmware form writes demo images (null: none offered)
     */
    public OperationFlow(OperationsViewModel operations, DialogService dialogs, FirmwareUpdateForm.Hasher hasher,
                         TaskRunner tasks, BooleanSupplier devicesOnThisComputer, Path demoFirmwareDirectory) {
        this.operations = Objects.requireNonNull(operations);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.hasher = Objects.requireNonNull(hasher);
        this.tasks = Objects.requireNonNull(tasks);
        this.devicesOnThisComputer = Objects.requireNonNull(devicesOnThisComputer);
        this.demoFirmwareDirectory = demoFirmwareDirectory;
    }

    /** True when there is a hub and a selection (what the table's context menu acts on). */
    public boolean canActOnSelection() {
        return operations.canActOnSelection();
    }

    /** @param mode the targets to switch to first, or null to keep the current choice */
    public void reboot(OperationsViewModel.TargetMode mode) {
        use(mode);
        confirmAndStart(OperationRequest.reboot());
    }

    public void factoryReset(OperationsViewModel.TargetMode mode) {
        use(mode);
        confirmAndStart(OperationRequest.factoryReset());
    }

    public void firmwareUpdate(OperationsViewModel.TargetMode mode) {
        use(mode);
        FirmwareUpdateForm form = new FirmwareUpdateForm(hasher, tasks, devicesOnThisComputer.getAsBoolean());
        form.offerDemoImages(demoFirmwareDirectory);
        form.stageFilesIn(demoFirmwareDirectory);
        dialogs.showForm(form, operations.targets().describe(), () -> submit(form), () -> code(form));
    }

    public void invokeMethod(OperationsViewModel.TargetMode mode) {
        use(mode);
        MethodInvocationForm form = new MethodInvocationForm();
        dialogs.showForm(form, operations.targets().describe(), () -> submit(form), () -> code(form));
    }

    /**
     * Copy as code for a reboot or factory reset on the targets, without sending it: a reboot of one device goes out
     * without a question, so its code is offered here (the table's context menu) rather than in a confirmation.
     */
    public void showCode(OperationRequest request, OperationsViewModel.TargetMode mode) {
        use(mode);
        CodeSnippet code = operations.code(request);
        if (code == null) {
            dialogs.showError("No code to show", "Connect to a hub first.");
            return;
        }
        dialogs.showCode(request.kind().displayName() + " as code", code);
    }

    /** The form's operation as code, or null (the form's fields say what is wrong). */
    private CodeSnippet code(OperationForm form) {
        OperationRequest request = form.toRequest();
        return request == null ? null : operations.code(request);
    }

    /** The form's action button: true when the operation was started (or could not be) and the form may close. */
    boolean submit(OperationForm form) {
        OperationRequest request = form.toRequest();
        if (request == null || !confirmed(request)) {
            return false; // a field says what is wrong, or the operator changed their mind
        }
        start(request);
        return true;
    }

    private void use(OperationsViewModel.TargetMode mode) {
        if (mode != null) {
            operations.targetModeProperty().set(mode);
        }
    }

    private void confirmAndStart(OperationRequest request) {
        if (confirmed(request)) {
            start(request);
        }
    }

    /** Asks when the view model says so; true when the operator confirmed (or nothing needed asking). */
    private boolean confirmed(OperationRequest request) {
        Confirmation confirmation = operations.confirmation(request);
        return confirmation == null || dialogs.confirm(confirmation);
    }

    private void start(OperationRequest request) {
        if (!operations.start(request)) {
            dialogs.showError(request.kind().displayName() + " not sent", operations.statusProperty().get());
        }
    }
}
