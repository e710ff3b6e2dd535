package org.lazaret.core.state;

import java.util.Optional;

/** Read access to the latest world state by key; contracts and admission read through it. */
@FunctionalInterface
public interface StateView {
  Optional<byte[]> get(String key);
}
