package dev.twinops.console.code;

import java.util.Objects;

/** What an operation or twin edit does, as the operator could script it: service SDK Java and an az CLI command. */
public record CodeSnippet(String java, String azCli) {

    public CodeSnippet {
        Objects.requireNonNull(java, "java");
        Objects.requireNonNull(azCli, "azCli");
    }

    /** Both, as one text for the clipboard. */
    public String both() {
        return "// Java, Azure IoT service SDK\n" + java + "\n\n# Azure CLI (azure-iot extension)\n" + azCli + "\n";
    }
}
