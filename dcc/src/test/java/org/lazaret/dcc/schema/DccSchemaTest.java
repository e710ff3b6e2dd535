package org.lazaret.dcc.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.lazaret.dcc.Fixtures;

/** The bundled EU DCC schema 1.3.3: conforming payloads pass, each kind of violation is named. */
class DccSchemaTest {

    @Test
    void theSamplePayloadsConform() {
        assertThat(DccSchema.validate(Fixtures.vaccination(1, 2, "2021-05-20"))).isEmpty();
        assertThat(DccSchema.validate(Fixtures.test("2021-06-01T07:00:00Z", "260415000"))).isEmpty();
        assertThat(DccSchema.validate(Fixtures.recovery("2021-05-01"))).isEmpty();
    }

    @Test
    void namesTheFieldAndTheRuleOfEachViolation() {
        ObjectNode dcc = Fixtures.vaccination(0, 2, "2021-05-20");
        assertThat(DccSchema.validate(dcc)).anySatisfy(m -> assertThat(m).startsWith("/v/0/dn").contains("minimum"));
        ObjectNode badDate = Fixtures.vaccination(1, 2, "20.05.2021");
        assertThat(DccSchema.validate(badDate)).anySatisfy(m -> assertThat(m).startsWith("/v/0/dt"));
        ObjectNode noName = Fixtures.vaccination(1, 2, "2021-05-20");
        noName.remove("nam");
        assertThat(DccSchema.validate(noName)).anySatisfy(m -> assertThat(m).startsWith("(root)").contains("nam"));
        ObjectNode twoTypes = Fixtures.vaccination(1, 2, "2021-05-20");
        twoTypes.set("r", Fixtures.recovery("2021-05-01").get("r"));
        assertThat(DccSchema.validate(twoTypes)).anySatisfy(m -> assertThat(m).contains("one and only one"));
        ObjectNode badTime = Fixtures.test("yesterday", "260415000");
        assertThat(DccSchema.validate(badTime)).anySatisfy(m -> assertThat(m).startsWith("/t/0/sc"));
    }
}
