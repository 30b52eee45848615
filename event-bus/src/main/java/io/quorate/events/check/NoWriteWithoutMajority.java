package io.quorate.events.check;

import io.quorate.events.ConfigEvent;
import io.quorate.events.Event;
import io.quorate.events.fold.ClusterState;
import io.quorate.events.fold.NodeView;
import io.quorate.events.fold.Quorate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Invariant 2, no write without a majority, judged from what the events carry (they do not say which
 * voters stored an entry):
 * <ul>
 * <li>every {@code config.unsafe_write} is a violation: a write applied on one node alone, by an
 * admin override (the loud, documented unsafe mode);
 * <li>a leader that commits a version with fewer than a majority of the configured voters storing it,
 * by its own count ({@code storedBy} of {@code voters});
 * <li>where that count is missing (events written before it existed), a node that commits a version it
 * proposed itself while its own view is not quorate committed without a majority as far as the cluster
 * can tell. (With the count, a commit just after a view change is judged by the count: a leader whose
 * view went inquorate a moment after a majority stored the entry did nothing wrong.) Followers
 * applying a committed entry while out of quorum are not judged: the leader's majority decided that commit;
 * <li>two nodes committing different writes at the same version: the log forked, so one side
 * committed without a majority (or a committed write was lost).
 * </ul>
 * Proposals and first commits are remembered per version, at most {@value #REMEMBERED} of each.
 */
public final class NoWriteWithoutMajority implements InvariantChecker {
    public static final String NAME = "no_write_without_majority";
    static final int REMEMBERED = 65_536;

    private final Map<Long, Event> proposals = bounded();
    private final Map<Long, Event> firstCommits = bounded();

    @Override
    public String invariant() {
        return NAME;
    }

    @Override
    public void inspect(Event event, ClusterState before, Consumer<Violation> report) {
        if (event.data() instanceof ConfigEvent.UnsafeWrite) {
            ConfigEvent.UnsafeWrite write = (ConfigEvent.UnsafeWrite) event.data();
            report.accept(new Violation(NAME, event.node() + " wrote " + write.path() + " alone, without a majority"
                    + " (unsafe mode, on top of version " + write.basedOnVersion() + ")", List.of(event.id())));
        } else if (event.data() instanceof ConfigEvent.Proposed) {
            proposals.put(((ConfigEvent.Proposed) event.data()).version(), event);
        } else if (event.data() instanceof ConfigEvent.Committed) {
            committed(event, (ConfigEvent.Committed) event.data(), before, report);
        }
    }

    private void committed(Event event, ConfigEvent.Committed commit, ClusterState before, Consumer<Violation> report) {
        Event proposal = proposals.get(commit.version());
        if (commit.voters() > 0) {
            proposals.remove(commit.version());
            if (commit.storedBy() < commit.voters() / 2 + 1) {
                report.accept(new Violation(NAME, event.node() + " committed version " + commit.version() + " (" + commit.path()
                        + ") stored by " + commit.storedBy() + " of " + commit.voters() + " voters, not a majority",
                        proposal == null ? List.of(event.id()) : List.of(proposal.id(), event.id())));
            }
        } else if (proposal != null && proposal.node().equals(event.node())) {
            proposals.remove(commit.version());
            NodeView leader = before.node(event.node());
            if (leader != null && leader.quorate() == Quorate.NO) {
                report.accept(new Violation(NAME, event.node() + " committed version " + commit.version() + " ("
                        + commit.path() + "), its own proposal, while its view was not quorate",
                        List.of(proposal.id(), event.id())));
            }
        }
        Event first = firstCommits.putIfAbsent(commit.version(), event);
        if (first != null && !sameWrite((ConfigEvent.Committed) first.data(), commit)) {
            ConfigEvent.Committed other = (ConfigEvent.Committed) first.data();
            report.accept(new Violation(NAME, "version " + commit.version() + " committed as two different writes: "
                    + other.operation() + " " + other.path() + " on " + first.node() + ", " + commit.operation() + " "
                    + commit.path() + " on " + event.node(), List.of(first.id(), event.id())));
        }
    }

    private static boolean sameWrite(ConfigEvent.Committed a, ConfigEvent.Committed b) {
        return Objects.equals(a.operation(), b.operation()) && Objects.equals(a.path(), b.path()) && a.bytes() == b.bytes()
                && Objects.equals(a.origin(), b.origin());
    }

    /** Insertion-ordered map that forgets its oldest entry past {@value #REMEMBERED}. */
    private static Map<Long, Event> bounded() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Event> eldest) {
                return size() > REMEMBERED;
            }
        };
    }
}
