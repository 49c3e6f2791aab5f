package io.cloudexfil.kql;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the conformance case table as direct calls of the function classes (no Flink). */
class UdfCaseTableTest {

    static final Set<String> FUNCTIONS = Set.of("has", "has_cs", "has_any", "has_all", "hasprefix",
            "hassuffix", "in_ci", "equals_ci", "kql_contains", "kql_startswith", "kql_endswith");

    static boolean call(UdfCase c) {
        String[] arr = c.needles() == null ? null : c.needles().toArray(new String[0]);
        switch (c.fn()) {
            case "has": return new Has().eval(c.text(), c.needle());
            case "has_cs": return new HasCs().eval(c.text(), c.needle());
            case "hasprefix": return new HasPrefix().eval(c.text(), c.needle());
            case "hassuffix": return new HasSuffix().eval(c.text(), c.needle());
            case "kql_contains": return new KqlContains().eval(c.text(), c.needle());
            case "kql_startswith": return new KqlStartsWith().eval(c.text(), c.needle());
            case "kql_endswith": return new KqlEndsWith().eval(c.text(), c.needle());
            case "equals_ci": return new EqualsCi().eval(c.text(), c.needle());
            case "has_any": return new HasAny().eval(c.text(), arr);
            case "has_all": return new HasAll().eval(c.text(), arr);
            case "in_ci": return new InCi().eval(c.text(), arr);
            default: throw new IllegalArgumentException("unknown function " + c.fn());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseAsADirectCall() {
        return UdfCase.load().stream().map(c -> DynamicTest.dynamicTest(c.id(), () ->
                assertThat(call(c)).as(c.toString()).isEqualTo(c.expectedFunctionValue())));
    }

    @Test
    void tableIsWellFormedAndCoversEveryFunction() {
        List<UdfCase> cases = UdfCase.load();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(100);
        assertThat(cases.stream().map(UdfCase::id).collect(Collectors.toSet())).hasSize(cases.size());
        assertThat(cases).allSatisfy(c -> {
            assertThat(FUNCTIONS).contains(c.fn());
            assertThat(c.source()).as(c.id()).isNotBlank();
        });
        Set<String> covered = cases.stream().map(UdfCase::fn).collect(Collectors.toSet());
        assertThat(covered).containsAll(FUNCTIONS);
        // both outcomes for every function, so no function passes by always answering one way
        for (String fn : FUNCTIONS) {
            assertThat(cases.stream().filter(c -> c.fn().equals(fn)).map(UdfCase::expectedFunctionValue)
                    .collect(Collectors.toSet())).as(fn).containsExactlyInAnyOrder(true, false);
        }
    }
}
