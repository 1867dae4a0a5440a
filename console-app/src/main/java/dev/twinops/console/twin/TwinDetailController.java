package dev.twinops.console.twin;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import dev.twinops.console.time.ReadableTime;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import dev.twinops.console.code.CodeSnippet;
import dev.twinops.console.code.CodeView;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.GridPane;

/** The twin detail pane: binds the view model's state to the tree, raw JSON and editors; buttons delegate. */
public final class TwinDetailController {

    private static final String CONFLICT_STYLE = "conflict";

    private final TwinDetailViewModel twin;
    private final ReadableTime readableTime;

    @FXML private Label deviceHeading;
    @FXML private GridPane identityGrid;
    @FXML private Label twinMessageLabel;
    @FXML private TabPane twinTabs;
    @FXML private TreeTableView<TwinTreeNode> twinTree;
    @FXML private TreeTableColumn<TwinTreeNode, String> propertyColumn;
    @FXML private TreeTableColumn<TwinTreeNode, String> valueColumn;
    @FXML private TreeTableColumn<TwinTreeNode, Instant> lastUpdatedColumn;
    @FXML private TextArea rawJsonArea;
    @FXML private TextArea tagsEditor;
    @FXML private TextArea desiredEditor;
    @FXML private Label editProblemLabel;
    @FXML private Button saveTwinButton;
    @FXML private Button twinCodeButton;
    @FXML private Button revertTwinButton;
    @FXML private Button reloadTwinButton;

    public TwinDetailController(TwinDetailViewModel twin, ReadableTime readableTime) {
        this.twin = twin;
        this.readableTime = readableTime;
    }

    @FXML
    private void initialize() {
        deviceHeading.textProperty().bind(Bindings.createStringBinding(() -> {
            String id = twin.deviceIdProperty().get();
            if (id.isEmpty()) {
                return "Select a device";
            }
            return twin.loadingProperty().get() ? id + " (loading…)" : id;
        }, twin.deviceIdProperty(), twin.loadingProperty()));

        twin.identity().addListener((ListChangeListener<IdentityField>) change -> fillIdentity());
        twinMessageLabel.textProperty().bind(twin.messageProperty());
        twinMessageLabel.visibleProperty().bind(twin.messageProperty().isNotEmpty());
        twinMessageLabel.managedProperty().bind(twinMessageLabel.visibleProperty());
        twin.conflictProperty().addListener((obs, was, conflict) -> {
            twinMessageLabel.getStyleClass().remove(CONFLICT_STYLE);
            if (conflict) {
                twinMessageLabel.getStyleClass().add(CONFLICT_STYLE);
            }
        });

        propertyColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().getValue().name()));
        valueColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().getValue().value()));
        lastUpdatedColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue().lastUpdated()));
        lastUpdatedColumn.setCellFactory(column -> new TreeTableCell<>() {
            @Override
            protected void updateItem(Instant item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : readableTime.compact(item) + " (" + readableTime.age(item) + ")");
                setTooltip(empty || item == null ? null : new javafx.scene.control.Tooltip(readableTime.absolute(item)));
            }
        });
        twin.treeProperty().addListener((obs, old, tree) -> showTree(tree));
        twinTree.setPlaceholder(new Label("No twin"));

        rawJsonArea.textProperty().bind(twin.rawJsonProperty());
        tagsEditor.textProperty().bindBidirectional(twin.tagsTextProperty());
        desiredEditor.textProperty().bindBidirectional(twin.desiredTextProperty());
        editProblemLabel.textProperty().bind(twin.editProblemProperty());
        editProblemLabel.visibleProperty().bind(twin.editProblemProperty().isNotEmpty());
        editProblemLabel.managedProperty().bind(editProblemLabel.visibleProperty());

        var noTwin = twin.twinProperty().isNull();
        tagsEditor.disableProperty().bind(noTwin);
        desiredEditor.disableProperty().bind(noTwin);
        saveTwinButton.disableProperty().bind(noTwin.or(twin.savingProperty())
                .or(twin.editProblemProperty().isNotEmpty())
                .or(twin.dirtyProperty().not().and(twin.conflictProperty().not())));
        revertTwinButton.disableProperty().bind(noTwin.or(twin.dirtyProperty().not()));
        twinCodeButton.disableProperty().bind(noTwin.or(twin.dirtyProperty().not()));
        reloadTwinButton.disableProperty().bind(twin.deviceIdProperty().isEmpty().or(twin.loadingProperty()));
    }

    @FXML
    private void copyAsCode() {
        CodeSnippet code = twin.editAsCode();
        if (code == null) {
            return;
        }
        Alert dialog = new Alert(Alert.AlertType.INFORMATION, null, ButtonType.CLOSE);
        dialog.initOwner(twinCodeButton.getScene().getWindow());
        dialog.setTitle("Copy as code");
        dialog.setHeaderText("This edit as code: the same patch, sent only if the twin still has its etag");
        dialog.getDialogPane().setContent(CodeView.of(code));
        dialog.getDialogPane().setId("twinCodeDialog");
        dialog.getDialogPane().getStylesheets().setAll(twinCodeButton.getScene().getStylesheets());
        dialog.setResizable(true);
        dialog.show();
    }

    @FXML
    private void save() {
        twin.save();
    }

    @FXML
    private void revert() {
        twin.revert();
    }

    @FXML
    private void reload() {
        twin.reload();
    }

    private void fillIdentity() {
        identityGrid.getChildren().clear();
        int row = 0;
        for (IdentityField field : twin.identity()) {
            Label label = new Label(field.label());
            label.getStyleClass().add("identity-label");
            Label value = new Label(field.value());
            value.getStyleClass().add("identity-value");
            value.setId("identity-" + field.label().replaceAll("[^A-Za-z]", "").toLowerCase(java.util.Locale.ROOT));
            identityGrid.addRow(row++, label, value);
        }
    }

    /** Rebuilds the tree, keeping open the branches the operator had open. */
    private void showTree(TwinTreeNode tree) {
        Set<String> expanded = new HashSet<>();
        Set<String> collapsed = new HashSet<>();
        if (twinTree.getRoot() != null) {
            collectOpenAndClosed(twinTree.getRoot(), "", expanded, collapsed);
        }
        if (tree == null) {
            twinTree.setRoot(null);
            return;
        }
        TreeItem<TwinTreeNode> root = build(tree, "", expanded, collapsed, 0);
        root.setExpanded(true);
        twinTree.setRoot(root);
    }

    private static TreeItem<TwinTreeNode> build(TwinTreeNode node, String path, Set<String> expanded,
                                                Set<String> collapsed, int depth) {
        TreeItem<TwinTreeNode> item = new TreeItem<>(node);
        String here = path + "/" + node.name();
        // Sections (depth 1) and the device-management state (iothubDM and its operations: what changes during an
        // operation) open by default; every branch stays as the operator left it.
        boolean openByDefault = depth <= 1 || (here.contains("/iothubDM") && depth <= 3);
        item.setExpanded(expanded.contains(here) || (openByDefault && !collapsed.contains(here)));
        for (TwinTreeNode child : node.children()) {
            item.getChildren().add(build(child, here, expanded, collapsed, depth + 1));
        }
        return item;
    }

    private static void collectOpenAndClosed(TreeItem<TwinTreeNode> item, String path, Set<String> open,
                                             Set<String> closed) {
        String here = path + "/" + item.getValue().name();
        (item.isExpanded() ? open : closed).add(here);
        for (TreeItem<TwinTreeNode> child : item.getChildren()) {
            collectOpenAndClosed(child, here, open, closed);
        }
    }
}
