package io.quorate.events.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What opening a spool finds on disk: the acknowledged position, the segments still holding
 * unpublished records, how many such records there are, and any damage. Segments wholly before the
 * acknowledged position are deleted; a torn tail is cut; garbage in the middle is left in place
 * (readers skip it the same way) and reported with file and offset.
 */
final class SpoolRecovery {

    record Result(SpoolPosition acknowledged, long pendingRecords, NavigableMap<Long, Long> segmentBytes,
                  List<SpoolDamage> damage, long nextSegment) {
    }

    private SpoolRecovery() {
    }

    static Result recover(Path dir, AckFile ackFile, int maxRecordBytes) throws IOException {
        List<SpoolDamage> damage = new ArrayList<>();
        SpoolPosition acked;
        try {
            acked = ackFile.read();
        } catch (AckFile.BadAckFileException e) {
            damage.add(new SpoolDamage(ackFile.path(), 0, 0, SpoolDamage.Kind.BAD_ACK_FILE));
            acked = SpoolPosition.START;
        }
        NavigableMap<Long, Long> sizes = new TreeMap<>();
        long pending = 0;
        long highest = acked.segment();
        for (long segment : SegmentFiles.list(dir)) {
            Path file = SegmentFiles.path(dir, segment);
            highest = Math.max(highest, segment);
            if (segment < acked.segment()) {
                Files.delete(file); // published before the crash, deletion did not happen yet
                continue;
            }
            byte[] bytes = Files.readAllBytes(file);
            RecordScanner scanner = new RecordScanner(bytes, 0, bytes.length, 0, maxRecordBytes);
            long validEnd = 0;
            for (RecordScanner.Found found = scanner.next(); found != null; found = scanner.next()) {
                if (found.skippedBefore() > 0) {
                    damage.add(new SpoolDamage(file, found.offset() - found.skippedBefore(), found.skippedBefore(),
                            SpoolDamage.Kind.GARBAGE));
                }
                if (segment > acked.segment() || found.offset() >= acked.offset()) {
                    pending++;
                }
                validEnd = found.end();
            }
            if (validEnd < bytes.length) {
                damage.add(new SpoolDamage(file, validEnd, bytes.length - validEnd, SpoolDamage.Kind.TRUNCATED_TAIL));
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(validEnd);
                    channel.force(true);
                }
            }
            sizes.put(segment, validEnd);
        }
        // a fresh segment for this run: appends never follow bytes a crash may have damaged
        return new Result(acked, pending, sizes, List.copyOf(damage), highest + 1);
    }
}
