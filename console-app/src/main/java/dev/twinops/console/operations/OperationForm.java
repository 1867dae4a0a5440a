package dev.twinops.console.operations;

/** A dialog's fields for an operation that needs more than a click: checked as a whole when the operator sends. */
public sealed interface OperationForm permits FirmwareUpdateForm, MethodInvocationForm {

    /** The request when every field is valid; otherwise null, with each problem shown next to its field. */
    OperationRequest toRequest();
}
