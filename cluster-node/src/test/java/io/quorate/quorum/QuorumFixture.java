package io.quorate.quorum;

import io.quorate.core.Outbox;
import io.quorate.events.EventData;
import io.quorate.protocol.RingId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Drives one {@link QuorumCore} through views and commands, keeping what each step emitted. */
final class QuorumFixture {
    static final QuorumOptions PLAIN = QuorumOptions.defaults();

    final QuorumCore core;
    final Outbox out = new Outbox();
    private long sequence = 0x10;

    QuorumFixture(int localNodeId, VoterConfig config) {
        this.core = new QuorumCore(localNodeId, config);
    }

    /** Nodes 1..n named cs1..csn with one vote each. */
    static VoterConfig nodes(int count, QuorumOptions options) {
        List<Voter> voters = IntStream.rangeClosed(1, count).mapToObj(id -> new Voter(id, "cs" + id, 1)).toList();
        return new VoterConfig(voters, options);
    }

    static QuorumOptions options(Integer expectedVotes, boolean twoNode, boolean waitForAll, boolean lastManStanding,
                                 boolean autoTieBreaker) {
        return new QuorumOptions(expectedVotes, twoNode, waitForAll, lastManStanding, 10_000, autoTieBreaker);
    }

    /** Installs the next view (its representative is its lowest member) and returns what it emitted. */
    List<EventData> view(long now, Integer... members) {
        Set<Integer> memberSet = new TreeSet<>(List.of(members));
        sequence += 4;
        out.clear();
        core.onViewInstalled(new RingId(memberSet.iterator().next(), sequence), memberSet, now, out);
        return List.copyOf(out.events());
    }

    List<EventData> step(Runnable action) {
        out.clear();
        action.run();
        return List.copyOf(out.events());
    }

    QuorumStatus status() {
        return core.status();
    }

    static String names(List<EventData> events) {
        return events.stream().map(e -> e.getClass().getSimpleName()).collect(Collectors.joining(","));
    }

    static <T> List<T> only(List<EventData> events, Class<T> type) {
        List<T> matching = new ArrayList<>();
        for (EventData event : events) {
            if (type.isInstance(event)) {
                matching.add(type.cast(event));
            }
        }
        return matching;
    }
}
