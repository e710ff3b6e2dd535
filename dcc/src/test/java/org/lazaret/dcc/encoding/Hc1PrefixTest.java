package org.lazaret.dcc.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Hc1PrefixTest {

    @Test
    void stripsHc1() throws DecodeException {
        assertThat(Hc1Prefix.strip("HC1:NCF")).isEqualTo("NCF");
        assertThat(Hc1Prefix.add("NCF")).isEqualTo("HC1:NCF");
    }

    @Test
    void namesTheWrongContextIdentifier() {
        assertThatThrownBy(() -> Hc1Prefix.strip("HC2:NCF")).hasMessageContaining("'HC2:'");
        assertThatThrownBy(() -> Hc1Prefix.strip("hc1:NCF")).hasMessageContaining("'hc1:'");
        assertThatThrownBy(() -> Hc1Prefix.strip("NCFOXN")).hasMessageContaining("no context identifier");
        assertThatThrownBy(() -> Hc1Prefix.strip("")).isInstanceOf(DecodeException.class);
    }
}
