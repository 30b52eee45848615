package io.quorate.events.fold;

import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One node's own view of the cluster, as its events (and its last {@code snapshot.view}) tell it:
 * membership, quorum, config tree, CRM and LRM state. Values not known from the events folded so
 * far are null (or {@link Quorate#UNKNOWN}, or -1 for numbers). Mutated only by {@link ClusterState}.
 */
public final class NodeView {
    private final String name;
    private long incarnation;
    private long lastSeq;
    private Instant lastSeen;
    private boolean up;
    private String ringId;
    private SortedSet<String> members = new TreeSet<>();
    private Quorate quorate = Quorate.UNKNOWN;
    private int expectedVotes = -1;
    private int totalVotes = -1;
    private int quorum = -1;
    private long configVersion = -1;
    private String configLeader;
    private String crmState;
    private String lrmState;

    NodeView(String name, long incarnation) {
        this.name = name;
        this.incarnation = incarnation;
    }

    /**
     * A new process of this node: it starts with no view, no votes, without quorum and with no CRM
     * or LRM state (what a freshly started node reports before its cores have run).
     */
    void restart(long newIncarnation) {
        incarnation = newIncarnation;
        lastSeq = 0;
        ringId = null;
        members = new TreeSet<>();
        quorate = Quorate.NO;
        totalVotes = 0;
        quorum = -1;
        configLeader = null;
        crmState = null;
        lrmState = null;
    }

    void seen(long seq, Instant time) {
        lastSeq = seq;
        lastSeen = time;
        up = true;
    }

    void stopping() {
        up = false;
    }

    void view(String ring, SortedSet<String> names) {
        ringId = ring;
        members = names;
    }

    void quorum(Quorate state, int expected, int total, int needed) {
        quorate = state;
        expectedVotes = expected;
        totalVotes = total;
        quorum = needed;
    }

    void expected(int expected, int needed) {
        expectedVotes = expected;
        quorum = needed;
    }

    void votesChanged(int delta) {
        if (totalVotes >= 0) {
            totalVotes = Math.max(0, totalVotes + delta);
        }
    }

    void configVersion(long version) {
        configVersion = version;
    }

    void configLeader(String leader) {
        configLeader = leader;
    }

    void crmState(String state) {
        crmState = state;
    }

    void lrmState(String state) {
        lrmState = state;
    }

    public String name() {
        return name;
    }

    public long incarnation() {
        return incarnation;
    }

    /** Sequence number of the node's last event folded (0 before any of this incarnation). */
    public long lastSeq() {
        return lastSeq;
    }

    /** Wall time of the node's last event folded (null before any). */
    public Instant lastSeen() {
        return lastSeen;
    }

    /** True from any event of the node until its {@code node.stopping}. */
    public boolean up() {
        return up;
    }

    public String ringId() {
        return ringId;
    }

    /** Members of the node's installed view, sorted by name. */
    public List<String> members() {
        return List.copyOf(members);
    }

    public Quorate quorate() {
        return quorate;
    }

    public int expectedVotes() {
        return expectedVotes;
    }

    public int totalVotes() {
        return totalVotes;
    }

    public int quorum() {
        return quorum;
    }

    public long configVersion() {
        return configVersion;
    }

    public String configLeader() {
        return configLeader;
    }

    public String crmState() {
        return crmState;
    }

    public String lrmState() {
        return lrmState;
    }
}
