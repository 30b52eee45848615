package io.quorate.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Named fault scenarios for the membership and quorum cores, run on the simulator. */
class MembershipScenarioTest {

    private static SimRun.Outcome run(int nodes, String script) throws Scenario.ScenarioException {
        Scenario scenario = Scenario.parse(script, "test", nodes);
        return SimRun.scenario(new SimRun.Settings(nodes, 42, 1000, 0), scenario);
    }

    private static void assertPassed(SimRun.Outcome outcome) {
        assertTrue(outcome.passed(), String.join("\n", outcome.violations()) + "\n" + String.join("\n", outcome.timeline()));
    }

    @Test
    void threeNodesFormOneQuorateView() throws Exception {
        SimRun.Outcome outcome = run(3, "at 3s check\nat 4s end");
        assertPassed(outcome);
        assertTrue(outcome.finalState().stream().allMatch(line -> line.contains("members [1, 2, 3] quorate")),
                String.join("\n", outcome.finalState()));
    }

    @Test
    void crashedNodeIsDroppedWithinTokenAndSurvivorsStayQuorate() throws Exception {
        // crash at 5 s; token 1000 + consensus 1200: survivors must agree by 7.2 s at the latest
        SimRun.Outcome outcome = run(3, "at 5s crash n3\nat 6.2s check\nat 8s end");
        assertPassed(outcome);
        assertTrue(outcome.finalState().get(0).contains("members [1, 2] quorate"), outcome.finalState().get(0));
    }

    @Test
    void lastNodeStandingIsInquorateAndRestartedNodesRejoinWithHigherRing() throws Exception {
        SimRun.Outcome outcome = run(3, """
                at 3s crash n3
                at 5s crash n2
                at 7s check
                at 8s restart n2
                at 8s restart n3
                at 11s check
                at 12s end
                """);
        assertPassed(outcome);
        assertTrue(outcome.timeline().stream().anyMatch(l -> l.contains("n1 quorum.lost")), String.join("\n", outcome.timeline()));
        assertTrue(outcome.finalState().get(0).contains("members [1, 2, 3] quorate"), outcome.finalState().get(0));
    }

    @Test
    void isolatedNodeGoesInquorateWhileThePairStaysQuorateAndHealMergesAgain() throws Exception {
        SimRun.Outcome outcome = run(3, """
                at 3s isolate n3
                at 6s end
                """);
        assertPassed(outcome);
        List<String> state = outcome.finalState();
        assertTrue(state.get(0).contains("members [1, 2] quorate"), state.get(0));
        assertTrue(state.get(2).contains("members [3] inquorate"), state.get(2));

        SimRun.Outcome healed = run(3, "at 3s isolate n3\nat 6s heal\nat 8s check\nat 9s end");
        assertPassed(healed);
    }

    @Test
    void oneWayCutKeepsViewsAgreed() throws Exception {
        SimRun.Outcome outcome = run(3, "at 3s cut n1 -> n3\nat 10s end");
        assertPassed(outcome);
        List<String> state = outcome.finalState();
        assertTrue(state.get(0).contains("quorate"), state.get(0));
        assertEquals(2, state.stream().filter(l -> l.contains(" quorate")).count(), String.join("\n", state));
    }

    @Test
    void nonTransitiveLinkFailureLeavesOneQuorateCliqueAndNoStaleView() throws Exception {
        // n2 hears both, n1 and n3 cannot talk: {1,2} stays quorate, n3 ends alone
        SimRun.Outcome outcome = run(3, "at 3s cut n1 <-> n3\nat 10s end");
        assertPassed(outcome);
        List<String> state = outcome.finalState();
        assertTrue(state.get(0).contains("members [1, 2] quorate"), String.join("\n", state));
        assertTrue(state.get(2).contains("members [3] inquorate"), String.join("\n", state));
    }

    @Test
    void overlappingCliquesNeverCountOneVoteTwice() throws Exception {
        // n3 can be in {1,3,4} or {2,3,5}: two representatives compete for it. The strict checker
        // (every quorate node backed by a quorum of members really in its view) must stay silent.
        SimRun.Outcome outcome = run(5, """
                at 3s cut n1 <-> n2
                at 3s cut n2 <-> n4
                at 3s cut n4 <-> n5
                at 20s heal
                at 24s check
                at 25s end
                """);
        assertPassed(outcome);
    }

    @Test
    void cleanStopIsSeenAtOnceNotAfterTheToken() throws Exception {
        SimRun.Outcome outcome = run(3, "at 3s stop n3\nat 3.2s check\nat 4s end");
        assertPassed(outcome);
    }

    @Test
    void badScenarioLinesAreRejectedWithLineNumbers() {
        Scenario.ScenarioException error = org.junit.jupiter.api.Assertions.assertThrows(Scenario.ScenarioException.class,
                () -> Scenario.parse("at 1s heal\nat 2s explode n1\n", "s.txt", 3));
        assertEquals("s.txt:2: unknown command 'explode' (partition, cut, isolate, heal, crash, stop, restart, loss, dup, delay, expected, check, end)",
                error.getMessage());
        error = org.junit.jupiter.api.Assertions.assertThrows(Scenario.ScenarioException.class,
                () -> Scenario.parse("at 1s crash n9", "s.txt", 3));
        assertEquals("s.txt:1: no node n9 in a 3-node simulation", error.getMessage());
        error = org.junit.jupiter.api.Assertions.assertThrows(Scenario.ScenarioException.class,
                () -> Scenario.parse("at soon heal", "s.txt", 3));
        assertEquals("s.txt:1: expected a time like 500ms, 5s or 1.5s, got 'soon'", error.getMessage());
    }
}
