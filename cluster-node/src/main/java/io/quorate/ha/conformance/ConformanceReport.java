package io.quorate.ha.conformance;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-case results of a conformance run, printed as {@code PASS test-basic1},
 * {@code FAIL test-x: <first difference>}, {@code ERROR test-y: <message>} and a last line
 * {@code N passed, M failed} (errors count as failed).
 */
public final class ConformanceReport {

    /** How a case ended. */
    public enum Outcome {
        /** The run's decisions match the expected ones. */
        PASS,
        /** The decisions differ; the detail is the first difference. */
        FAIL,
        /** The case could not be judged (bad input, a crash); the detail says why. */
        ERROR
    }

    /**
     * One case's result.
     *
     * @param name    the case name, e.g. {@code test-basic1}
     * @param outcome how it ended
     * @param detail  the first difference or the error message; empty for {@link Outcome#PASS}
     */
    public record CaseResult(String name, Outcome outcome, String detail) {

        public CaseResult {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(outcome, "outcome");
            detail = detail == null ? "" : detail.replace('\n', ' ').strip();
        }

        public boolean passed() {
            return outcome == Outcome.PASS;
        }

        /** The report line, e.g. {@code FAIL test-x: service vm:101: change 2 expected …}. */
        public String line() {
            return outcome == Outcome.PASS ? "PASS " + name : outcome + " " + name + ": " + detail;
        }
    }

    private final List<CaseResult> results = new ArrayList<>();

    public ConformanceReport pass(String name) {
        return add(new CaseResult(name, Outcome.PASS, ""));
    }

    public ConformanceReport fail(String name, String difference) {
        return add(new CaseResult(name, Outcome.FAIL, difference));
    }

    public ConformanceReport error(String name, String message) {
        return add(new CaseResult(name, Outcome.ERROR, message));
    }

    /** PASS when {@code difference} is empty (as {@link DecisionComparison#compare} returns it), else FAIL. */
    public ConformanceReport record(String name, Optional<String> difference) {
        return difference.map(d -> fail(name, d)).orElseGet(() -> pass(name));
    }

    public ConformanceReport add(CaseResult result) {
        results.add(Objects.requireNonNull(result, "result"));
        return this;
    }

    /** The results in the order they were added. */
    public List<CaseResult> results() {
        return List.copyOf(results);
    }

    public int passed() {
        return (int) results.stream().filter(CaseResult::passed).count();
    }

    /** Failed and errored cases together. */
    public int failed() {
        return results.size() - passed();
    }

    /** The cases that did not pass and are not in {@code known}. */
    public List<CaseResult> unexpectedFailures(KnownFailures known) {
        return results.stream().filter(r -> !r.passed() && !known.contains(r.name())).toList();
    }

    /** Known failures that passed: entries that should leave the known-failures file. */
    public List<String> unexpectedPasses(KnownFailures known) {
        return results.stream().filter(r -> r.passed() && known.contains(r.name())).map(CaseResult::name).toList();
    }

    /** The last line: {@code N passed, M failed}. */
    public String summary() {
        return passed() + " passed, " + failed() + " failed";
    }

    /** All result lines, then the summary, each ending in a newline. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (CaseResult r : results) {
            sb.append(r.line()).append('\n');
        }
        return sb.append(summary()).append('\n').toString();
    }

    public void print(PrintStream out) {
        out.print(render());
        out.flush();
    }

    @Override
    public String toString() {
        return render();
    }
}
