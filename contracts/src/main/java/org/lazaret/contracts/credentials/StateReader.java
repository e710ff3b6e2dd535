package org.lazaret.contracts.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Reads state values as JSON: a contract context, a node's store at one height, or the proven
 * values of a snapshot. {@link CredentialsState#read} needs nothing more, so the ledger, the node
 * and an offline verifier derive the trust data with the same code.
 */
@FunctionalInterface
public interface StateReader {
  Optional<JsonNode> read(String key);
}
