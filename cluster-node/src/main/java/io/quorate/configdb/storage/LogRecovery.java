package io.quorate.configdb.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a log directory back at open: removes leftover temporary files, picks the newest valid
 * snapshot, replays the segments on top of it, and repairs a torn write at the very end of the last
 * segment. Everything else that is damaged is a {@link CorruptLogException}; repairs are made only
 * after the whole directory has been checked.
 */
final class LogRecovery {

    /**
     * The state found, the segments (null when the directory holds no state at all) and the size
     * of the last one, where appending continues.
     */
    record Result(Recovered recovered, SegmentTable segments, long tailSize, long lastIndex) {
        boolean hasState() {
            return segments != null;
        }
    }

    /** How the damaged end of the last segment is repaired once everything has been checked. */
    private record TailRepair(Path file, SegmentScanner.Damage damage, long fileSize, boolean holdsRecords) {
    }

    private final Path dir;
    private final List<String> repairs = new ArrayList<>();

    private LogRecovery(Path dir) {
        this.dir = dir;
    }

    static Result run(Path dir) throws IOException, CorruptLogException {
        return new LogRecovery(dir).run();
    }

    private Result run() throws IOException, CorruptLogException {
        LogDirectory.Listing listing = LogDirectory.list(dir);
        for (Path temp : listing.temps()) {
            Files.delete(temp);
            repairs.add(temp.getFileName() + ": removed a leftover temporary file (a write interrupted by a crash)");
        }
        List<CorruptLogException> damagedSnapshots = new ArrayList<>();
        Snapshot snapshot = newestValidSnapshot(listing.snapshots(), damagedSnapshots);
        try {
            return replay(listing.segments(), snapshot, damagedSnapshots);
        } catch (CorruptLogException e) {
            if (damagedSnapshots.isEmpty()) {
                throw e;
            }
            CorruptLogException damaged = damagedSnapshots.get(0);
            throw new CorruptLogException(damaged.file(), damaged.offset(), damaged.problem()
                    + "; the log cannot do without this snapshot: " + e.getMessage());
        }
    }

    private Snapshot newestValidSnapshot(List<Path> newestFirst, List<CorruptLogException> damaged) throws IOException {
        for (Path file : newestFirst) {
            try {
                return SnapshotFile.read(file);
            } catch (CorruptLogException e) {
                damaged.add(e);
            }
        }
        return null;
    }

    private Result replay(List<Path> segments, Snapshot snapshot, List<CorruptLogException> damagedSnapshots)
            throws IOException, CorruptLogException {
        LogReplay replay = new LogReplay(snapshot == null ? 0 : snapshot.lastIndex());
        TailRepair tailRepair = null;
        for (int i = 0; i < segments.size(); i++) {
            Path file = segments.get(i);
            byte[] bytes = Files.readAllBytes(file);
            SegmentScanner scanner = new SegmentScanner(file, bytes);
            SegmentScanner.Damage damage = scanner.checkHeader();
            boolean holdsRecords = false;
            if (damage == null) {
                long before = replay.recordsApplied();
                replay.openSegment(file, scanner.prevIndex());
                damage = scanner.scanRecords(replay::apply);
                holdsRecords = replay.recordsApplied() > before;
                if (damage == null && !holdsRecords) {
                    damage = new SegmentScanner.Damage(WalFormat.SEGMENT_HEADER_BYTES,
                            "the segment ends after its header, without the HARD_STATE record every segment starts with", -1);
                }
            }
            if (damage == null) {
                continue;
            }
            if (i < segments.size() - 1) {
                throw new CorruptLogException(file, damage.offset(), damage.problem() + ", in a segment that later segments follow");
            }
            if (damage.dataFollows()) {
                throw new CorruptLogException(file, damage.offset(), damage.problem() + ", and a valid record follows at byte "
                        + damage.nextValidOffset() + " (damage in the middle, not a write cut short)");
            }
            tailRepair = new TailRepair(file, damage, bytes.length, holdsRecords);
        }
        replay.finish();
        if (!replay.sawSegment() && (snapshot != null || !damagedSnapshots.isEmpty())) {
            throw new CorruptLogException(dir, "a snapshot exists but no wal segment does: the term and vote are lost");
        }
        for (CorruptLogException damaged : damagedSnapshots) {
            repairs.add(damaged.file().getFileName() + ": ignored a damaged snapshot (at byte " + damaged.offset() + ": "
                    + damaged.problem() + "); recovered from " + (snapshot == null ? "the log alone" : "an older snapshot"));
        }
        if (tailRepair != null) {
            repair(tailRepair);
        }
        if (!replay.sawSegment()) {
            return new Result(new Recovered(0, 0, null, List.of(), repairs), null, 0, 0);
        }
        SegmentTable table = replay.segments();
        long tailSize = tailRepair != null && tailRepair.holdsRecords() ? tailRepair.damage().offset() : Files.size(table.last().path);
        Recovered recovered = new Recovered(replay.term(), replay.votedFor(), snapshot, replay.entries(), repairs);
        return new Result(recovered, table, tailSize, replay.lastIndex());
    }

    private void repair(TailRepair repair) throws IOException {
        Path file = repair.file();
        SegmentScanner.Damage damage = repair.damage();
        if (!repair.holdsRecords()) {
            Files.delete(file);
            LogDirectory.fsync(dir);
            repairs.add(file.getFileName() + ": removed the last segment, which holds no complete record (at byte "
                    + damage.offset() + ": " + damage.problem() + "; a crash while it was being started)");
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(damage.offset());
            channel.force(true);
        }
        repairs.add(file.getFileName() + ": cut " + (repair.fileSize() - damage.offset()) + " bytes at byte " + damage.offset()
                + " (" + damage.problem() + "; a write cut short by a crash)");
    }
}
