package io.quorate.quorum;

import static io.quorate.quorum.QuorumFixture.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Votequorum's static rules: a sequence of views, then the quorum the last one must give. */
class QuorumRulesTest {

    /**
     * @param views   member lists installed in order; the local node is in every one
     * @param flags   the expected Flags: line, as corosync-quorumtool prints it
     */
    record Rule(String name, int nodes, QuorumOptions options, int localNode, List<Integer[]> views,
                int expectedVotes, int quorum, boolean quorate, String flags) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final QuorumOptions PLAIN = QuorumFixture.PLAIN;
    private static final QuorumOptions TWO_NODE = options(null, true, true, false, false);
    private static final QuorumOptions TWO_NODE_NO_WFA = options(null, true, false, false, false);
    private static final QuorumOptions WFA = options(null, false, true, false, false);
    private static final QuorumOptions ATB = options(null, false, false, false, true);
    private static final QuorumOptions ATB_WFA = options(null, false, true, false, true);

    static Stream<Rule> rules() {
        return Stream.of(
                new Rule("3 of 3 quorate", 3, PLAIN, 1, views(all(3)), 3, 2, true, "Quorate"),
                new Rule("2 of 3 quorate", 3, PLAIN, 1, views(all(3), ids(1, 2)), 3, 2, true, "Quorate"),
                new Rule("1 of 3 blocked", 3, PLAIN, 1, views(all(3), ids(1)), 3, 2, false, ""),
                new Rule("isolated from the start", 3, PLAIN, 3, views(ids(3)), 3, 2, false, ""),
                new Rule("2 of 4 is no majority", 4, PLAIN, 1, views(ids(1, 2)), 4, 3, false, ""),
                new Rule("expected_votes 5 with 3 nodes: 3 needed", 3, options(5, false, false, false, false), 1,
                        views(all(3)), 5, 3, true, "Quorate"),
                new Rule("expected_votes 5 with 2 present", 3, options(5, false, false, false, false), 1,
                        views(ids(1, 2)), 5, 3, false, ""),
                new Rule("expected_votes below the votes present is raised to them", 5,
                        options(2, false, false, false, false), 1, views(all(5)), 5, 3, true, "Quorate"),
                new Rule("two_node: both up", 2, TWO_NODE, 1, views(ids(1, 2)), 2, 1, true, "2Node Quorate WaitForAll"),
                new Rule("two_node: survivor keeps quorum", 2, TWO_NODE, 1, views(ids(1, 2), ids(1)), 2, 1, true,
                        "2Node Quorate WaitForAll"),
                new Rule("two_node: alone from boot waits for all", 2, TWO_NODE, 1, views(ids(1)), 2, 1, false,
                        "2Node WaitForAll "),
                new Rule("two_node without wait_for_all: alone from boot", 2, TWO_NODE_NO_WFA, 2, views(ids(2)), 2, 1,
                        true, "2Node Quorate"),
                new Rule("two_node is ignored with three nodes", 3, options(null, true, false, false, false), 1,
                        views(ids(1)), 3, 2, false, ""),
                new Rule("wait_for_all: majority before all were seen", 3, WFA, 1, views(ids(1, 2)), 3, 2, false,
                        "WaitForAll"),
                new Rule("wait_for_all: majority after all were seen", 3, WFA, 1, views(all(3), ids(1, 2)), 3, 2,
                        true, "Quorate WaitForAll"),
                new Rule("auto_tie_breaker: half with the lowest id", 4, ATB, 1, views(all(4), ids(1, 2)), 4, 3, true,
                        "Quorate AutoTieBreaker"),
                new Rule("auto_tie_breaker: half without the lowest id", 4, ATB, 3, views(all(4), ids(3, 4)), 4, 3,
                        false, "AutoTieBreaker"),
                new Rule("auto_tie_breaker: less than half", 6, ATB, 1, views(all(6), ids(1, 2)), 6, 4, false,
                        "AutoTieBreaker"),
                new Rule("auto_tie_breaker is off in an odd cluster without wait_for_all", 5, ATB, 1,
                        views(all(5), ids(1, 2)), 5, 3, false, ""),
                new Rule("auto_tie_breaker: odd expected has no exact half", 5, ATB_WFA, 1, views(all(5), ids(1, 2)),
                        5, 3, false, "WaitForAll AutoTieBreaker"),
                new Rule("auto_tie_breaker turns two_node off", 2, options(null, true, false, false, true), 2,
                        views(ids(1, 2), ids(2)), 2, 2, false, "AutoTieBreaker"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void lastViewDecides(Rule rule) {
        QuorumFixture fixture = new QuorumFixture(rule.localNode(), QuorumFixture.nodes(rule.nodes(), rule.options()));
        for (Integer[] view : rule.views()) {
            fixture.view(0, view);
        }
        QuorumStatus status = fixture.status();
        assertEquals(rule.expectedVotes(), status.expectedVotes(), "expected votes");
        assertEquals(rule.quorum(), status.quorum(), "quorum");
        assertEquals(rule.quorate(), status.quorate(), "quorate");
        assertEquals(rule.flags().strip(), String.join(" ", status.flags()), "flags");
    }

    private static List<Integer[]> views(Integer[]... views) {
        return List.of(views);
    }

    private static Integer[] ids(Integer... ids) {
        return ids;
    }

    private static Integer[] all(int count) {
        Integer[] ids = new Integer[count];
        for (int i = 0; i < count; i++) {
            ids[i] = i + 1;
        }
        return ids;
    }
}
