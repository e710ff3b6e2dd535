package org.lazaret.dcc.certlogic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lazaret.dcc.CertificateType;
import org.lazaret.dcc.DccJson;
import org.lazaret.dcc.Fixtures;
import org.lazaret.dcc.PolicyDecision;
import org.lazaret.dcc.PolicyInput;

/** Business rules in the EU JSON shape: reading, applicability, the data context, and denial. */
class RuleSetPolicyTest {
    static final Instant CLOCK = Instant.parse("2021-06-03T12:00:00Z");

    static JsonNode json(String text) throws Exception {
        return DccJson.parse(text.replace('\'', '"'));
    }

    static PolicyInput input(JsonNode dcc) {
        return new PolicyInput(dcc, CLOCK, Optional.of("DE"), Optional.of(Fixtures.ISSUED), Optional.of(Fixtures.EXPIRES),
                Optional.empty());
    }

    @Test
    void readsARuleOfTheEuGatewayShape() throws Exception {
        BusinessRule rule = BusinessRule.fromJson(json("{'Identifier':'VR-DE-0001','Type':'Acceptance','Country':'DE',"
                + "'Version':'1.0.0','SchemaVersion':'1.0.0','Engine':'CERTLOGIC','EngineVersion':'0.7.5',"
                + "'CertificateType':'Vaccination','Description':[{'lang':'de','desc':'Impfung'},"
                + "{'lang':'en','desc':'Full course'}],'ValidFrom':'2021-07-01T00:00:00Z',"
                + "'ValidTo':'2030-06-01T00:00:00Z','AffectedFields':['v.0.dn'],"
                + "'Logic':{'>=':[{'var':'payload.v.0.dn'},{'var':'payload.v.0.sd'}]}}"));
        assertThat(rule.identifier()).isEqualTo("VR-DE-0001");
        assertThat(rule.certificateType()).contains(CertificateType.VACCINATION);
        assertThat(rule.description()).isEqualTo("Full course");
        assertThat(rule.validFrom()).contains(Instant.parse("2021-07-01T00:00:00Z"));
    }

    @Test
    void rejectsRulesThatAreMalformed() {
        assertThatThrownBy(() -> BusinessRule.fromJson(json("{'Logic':true}"))).hasMessageContaining("no Identifier");
        assertThatThrownBy(() -> BusinessRule.fromJson(json("{'Identifier':'X','Logic':{'or':[true,false]}}")))
                .hasMessageContaining("X: Logic is not valid CertLogic: unrecognised operator: \"or\"");
        assertThatThrownBy(() -> BusinessRule.fromJson(json("{'Identifier':'X','Logic':{'if':[true,1]}}")))
                .hasMessageContaining("exactly 3");
        assertThatThrownBy(() -> BusinessRule.fromJson(json("{'Identifier':'X','Engine':'JSONLOGIC','Logic':true}")))
                .hasMessageContaining("not CERTLOGIC");
        assertThatThrownBy(() -> BusinessRule.fromJson(json("{'Identifier':'X','CertificateType':'Passport','Logic':true}")))
                .hasMessageContaining("Passport");
        assertThatThrownBy(() -> BusinessRule.fromJson(json("{'Identifier':'X','ValidFrom':'soon','Logic':true}")))
                .hasMessageContaining("ValidFrom 'soon'");
        assertThatThrownBy(() -> RuleSetPolicy.fromJson("p", json("{}"), DccJson.nodes().objectNode(), ""))
                .hasMessageContaining("JSON array");
    }

    @Test
    void rulesSeeTheEuDataContextAndOnlyApplyWhenInForceAndOfTheRightType() throws Exception {
        JsonNode rules = json("[{'Identifier':'A','CertificateType':'General','Logic':{'and':["
                + "{'===':[{'var':'external.issuerCountryCode'},'DE']},"
                + "{'in':[{'var':'payload.v.0.mp'},{'var':'external.valueSets.vaccines'}]},"
                + "{'before':[{'plusTime':[{'var':'external.iat'},0,'day']},{'plusTime':[{'var':'external.validationClock'},0,'day']}]}"
                + "]}},"
                + "{'Identifier':'B','CertificateType':'Test','Logic':false},"
                + "{'Identifier':'C','ValidFrom':'2030-01-01T00:00:00Z','Logic':false}]");
        JsonNode valueSets = json("{'vaccines':['EU/1/20/1528']}");
        RuleSetPolicy policy = RuleSetPolicy.fromJson("test", rules, valueSets, "DE");
        assertThat(policy.judge(input(Fixtures.vaccination(2, 2, "2021-05-20"))))
                .isInstanceOf(PolicyDecision.Allowed.class);
        RuleSetPolicy noVaccines = RuleSetPolicy.fromJson("test", rules, json("{'vaccines':[]}"), "DE");
        PolicyDecision denied = noVaccines.judge(input(Fixtures.vaccination(2, 2, "2021-05-20")));
        assertThat(denied).isInstanceOf(PolicyDecision.Denied.class);
        assertThat(((PolicyDecision.Denied) denied).reasons()).containsExactly("A is not met");
        PolicyDecision test = policy.judge(input(Fixtures.test("2021-06-03T08:00:00Z", "260415000")));
        assertThat(((PolicyDecision.Denied) test).reasons()).containsExactly("A is not met", "B is not met");
    }

    @Test
    void aRuleThatErrsOrGivesANonBooleanDenies() throws Exception {
        JsonNode rules = json("[{'Identifier':'E','Logic':{'<':[{'var':'payload.nam'},1]}},"
                + "{'Identifier':'F','Logic':{'plusTime':['2021-01-01',0,'day']}}]");
        PolicyDecision decision = RuleSetPolicy.fromJson("p", rules, DccJson.nodes().objectNode(), "")
                .judge(input(Fixtures.vaccination(2, 2, "2021-05-20")));
        assertThat(((PolicyDecision.Denied) decision).reasons()).hasSize(2)
                .anySatisfy(reason -> assertThat(reason).startsWith("E cannot be evaluated: all operands of a comparison"))
                .anySatisfy(reason -> assertThat(reason).startsWith("F cannot be evaluated").contains("neither truthy"));
    }

    @Test
    void evaluationIsBoundedInDepthAndSteps() throws Exception {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < CertLogic.DEPTH_MAX + 2; i++) {
            deep.append("{\"!\":[");
        }
        deep.append("true").append("]}".repeat(CertLogic.DEPTH_MAX + 2));
        assertThat(CertLogic.validate(DccJson.parse(deep.toString()))).isNotEmpty();
        assertThatThrownBy(() -> CertLogic.evaluate(DccJson.parse(deep.toString()), DccJson.nodes().nullNode()))
                .hasMessageContaining("deeper than");
        String items = "[" + "1,".repeat(2000) + "1]";
        // The outer lambda runs an inner reduce over the accumulator (x itself): 2001 x 2001 steps.
        JsonNode nested = json("{'reduce':[{'var':'x'},{'and':[{'reduce':[{'var':'accumulator'},{'+':[1,1]},0]},"
                + "{'var':'accumulator'}]},{'var':'x'}]}");
        assertThatThrownBy(() -> CertLogic.evaluate(nested, DccJson.parse("{\"x\":" + items + "}")))
                .hasMessageContaining("steps");
    }

    @Test
    void notEqualIsTheLazaretExtension() throws Exception {
        assertThat(CertLogic.evaluate(json("{'!==':[1,2]}"), DccJson.nodes().nullNode()).booleanValue()).isTrue();
        assertThat(CertLogic.evaluate(json("{'!==':['a','a']}"), DccJson.nodes().nullNode()).booleanValue()).isFalse();
        assertThat(CertLogic.validate(json("{'!==':[1]}"))).extracting(CertLogicIssue::message)
                .containsExactly("an operation with operator \"!==\" must have 2 operands, but it has 1");
    }

    @Test
    void numbersStayExact() throws Exception {
        JsonNode sum = CertLogic.evaluate(json("{'+':[9007199254740993, 1]}"), DccJson.nodes().nullNode());
        assertThat(sum.bigIntegerValue()).hasToString("9007199254740994");
        assertThat(CertLogic.evaluate(json("{'===':[2, 2.0]}"), DccJson.nodes().nullNode()).booleanValue()).isTrue();
        assertThatThrownBy(() -> CertLogic.evaluate(json("{'<':[{'var':'x'}, 2]}"), json("{'x':1.5}")))
                .hasMessageContaining("integer");
        assertThat(CertLogic.validate(json("{'<':[1.5, 2]}"))).extracting(CertLogicIssue::message)
                .containsExactly("1.5 is a non-integer number");
        // Huge exponents are no integers (as in JavaScript) and compare without expanding them.
        assertThat(CertLogic.validate(json("{'===':[1e999999999, 1]}"))).isNotEmpty();
        assertThat(CertLogic.evaluate(json("{'===':[{'var':'x'}, 1]}"), json("{'x':1e999999999}")).booleanValue())
                .isFalse();
    }
}
