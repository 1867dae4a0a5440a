package dev.twinops.rollout.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of the journal: key material in connection strings and SAS tokens, URL query strings (a
 * package URI may carry a storage SAS), and values under names that say they are secret.
 */
public final class SecretRedactor {

    public static final String REDACTED = "[redacted]";

    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)\\b(SharedAccessKey|AccountKey|sig|se|skn|password|pwd|secret|token|key)\\s*=\\s*[^;&\\s\"',]+");
    private static final Pattern SAS = Pattern.compile("(?i)SharedAccessSignature\\s+[^\\s\"',]+");
    private static final Pattern URL_QUERY = Pattern.compile("(?i)\\b(https?://[^\\s?\"']+)\\?[^\\s\"']*");
    private static final List<String> SECRET_NAMES = List.of("key", "password", "secret", "token", "connectionstring",
            "sas", "signature", "credential");

    private SecretRedactor() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = URL_QUERY.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "?" + REDACTED));
        s = SAS.matcher(s).replaceAll(Matcher.quoteReplacement("SharedAccessSignature " + REDACTED));
        return KEY_VALUE.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "=" + REDACTED));
    }

    public static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return SECRET_NAMES.stream().anyMatch(n::contains);
    }

    static List<String> redact(List<String> values) {
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(redact(v));
        }
        return out;
    }

    static Map<String, Object> redactDetails(Map<String, ?> details) {
        Map<String, Object> out = new LinkedHashMap<>();
        details.forEach((k, v) -> out.put(k, isSecretName(k) && v != null ? REDACTED : redactValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object redactValue(Object v) {
        if (v instanceof String s) {
            return redact(s);
        }
        if (v instanceof Map<?, ?> m) {
            return redactDetails((Map<String, ?>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(redactValue(o));
            }
            return out;
        }
        if (v == null || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        return redact(v.toString());
    }
}
