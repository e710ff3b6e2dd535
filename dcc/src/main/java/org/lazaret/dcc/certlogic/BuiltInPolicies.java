package org.lazaret.dcc.certlogic;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.lazaret.dcc.DccJson;
import org.lazaret.dcc.Policy;

/**
 * The named policies shipped with Lazaret, as EU-style rule sets in
 * {@code org/lazaret/dcc/certlogic/policies/<name>.json} (see the README there):
 * {@code workplace} (negative test within 48 h, complete vaccination, or recovery within 180
 * days), {@code vaccinated}, {@code tested} and {@code recovered}. Their rules need no value sets.
 */
public final class BuiltInPolicies {
    private static final List<String> NAMES = List.of("workplace", "vaccinated", "tested", "recovered");

    private BuiltInPolicies() {}

    public static List<String> names() {
        return NAMES;
    }

    /** The policy of that name, or empty when there is none (a usage error for the CLI). */
    public static Optional<Policy> named(String name) {
        if (!NAMES.contains(name)) {
            return Optional.empty();
        }
        String resource = "policies/" + name + ".json";
        try (InputStream in = BuiltInPolicies.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in policy resource " + resource + " is missing");
            }
            JsonNode rules = DccJson.mapper().readTree(in);
            return Optional.of(RuleSetPolicy.fromJson(name, rules, DccJson.nodes().objectNode(), ""));
        } catch (IOException e) {
            throw new UncheckedIOException("built-in policy " + name + " cannot be read", e);
        } catch (RuleFormatException e) {
            throw new IllegalStateException("built-in policy " + name + " is malformed: " + e.getMessage(), e);
        }
    }
}
