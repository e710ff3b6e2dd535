package org.lazaret.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.PublicKey;

/**
 * Everything a contract may see and do during one call. Time and height come from the block; reads
 * see the state as this transaction has changed it so far; writes are confined to the contract's
 * own key prefix ({@code name/}). There is deliberately no clock, randomness or I/O here.
 */
public interface Context {
  long height();

  long timeMillis();

  PublicKey sender();

  Hash32 txId();

  /** The contract that invoked this one, if the call came from another contract. */
  Optional<String> invokedBy();

  Optional<JsonNode> read(String key);

  void write(String key, JsonNode value);

  void delete(String key);

  void emit(String name, JsonNode data);

  /** Calls another contract's method within this transaction, as this contract. */
  void invoke(String contract, String method, JsonNode args);

  /** Role checks over the identity contract's state. */
  default Roles roles() {
    return new Roles(this);
  }
}
