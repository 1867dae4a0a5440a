package dev.twinops.console.code;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Copy as code in a dialog: the snippet as read-only text and one click to put it on the clipboard. */
public final class CodeView {

    private CodeView() {
    }

    /** The snippet's Java and az command, each with its copy button, and a button that copies both. */
    public static VBox of(CodeSnippet code) {
        TextArea java = area(code.java(), "javaCodeArea");
        TextArea az = area(code.azCli(), "azCodeArea");
        Button copyJava = copyButton("Copy Java", code.java(), "copyJavaButton");
        Button copyAz = copyButton("Copy az command", code.azCli(), "copyAzButton");
        Button copyBoth = copyButton("Copy both", code.both(), "copyCodeButton");
        Label note = new Label("Secrets are left out: the Java reads " + CopyAsCode.CONNECTION_VARIABLE
                + " from the environment; az uses your az login.");
        note.setWrapText(true);
        VBox box = new VBox(6, new Label("Java (Azure IoT service SDK)"), java,
                new Label("Azure CLI (azure-iot extension)"), az, note, new HBox(8, copyJava, copyAz, copyBoth));
        box.setPadding(new Insets(6, 0, 0, 0));
        box.setId("copyAsCode");
        return box;
    }

    /** Puts text on the system clipboard (FX thread). */
    public static void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    private static Button copyButton(String text, String value, String id) {
        Button button = new Button(text);
        button.setId(id);
        button.setOnAction(e -> copy(value));
        return button;
    }

    private static TextArea area(String text, String id) {
        TextArea area = new TextArea(text);
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(false);
        area.setPrefRowCount((int) Math.min(10, text.lines().count() + 1));
        area.getStyleClass().add("code-area");
        return area;
    }
}
