package org.lazaret.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A contract whose methods are lambdas, so executor tests can provoke what the built-in contracts
 * never do (foreign writes, a revert after writing, a caught nested revert) without a new class each.
 */
public record ScriptedContract(String name, Map<String, BiConsumer<JsonNode, Context>> code) implements Contract {
  public ScriptedContract {
    code = new TreeMap<>(code);
  }

  @Override
  public Set<String> methods() {
    return code.keySet();
  }

  @Override
  public void call(String method, JsonNode args, Context ctx) {
    code.get(method).accept(args, ctx);
  }
}
