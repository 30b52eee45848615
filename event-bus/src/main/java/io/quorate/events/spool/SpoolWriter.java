package io.quorate.events.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The spool's writer thread. Group commit: it takes everything queued, writes it, fsyncs once and
 * only then completes the appends and moves the committed position, so a reader never sees a
 * record that a crash could still take away. A failing disk is retried with backoff; the records
 * wait in memory meanwhile (the node keeps running).
 */
final class SpoolWriter {
    private static final System.Logger LOG = System.getLogger(SpoolWriter.class.getName());
    private static final long MAX_BACKOFF_MS = 5_000;

    /** Called after each durable batch with the new committed end and the active segment's size. */
    interface CommitListener {
        void committed(SpoolPosition end);
    }

    /** One queued item: record bytes to write (null for a flush or close marker) and who waits. */
    private record Pending(byte[] bytes, CompletableFuture<SpoolPosition> done, boolean close) {
    }

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Path dir;
    private final long segmentBytes;
    private final CommitListener listener;
    private final Thread thread;
    private FileChannel channel;
    private long segment;
    private long size;
    private volatile String lastError;
    private volatile boolean closing;

    SpoolWriter(Path dir, long firstSegment, long segmentBytes, CommitListener listener) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.listener = listener;
        this.segment = firstSegment;
        this.channel = openSegment(firstSegment);
        this.thread = new Thread(this::run, "spool-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    String lastError() {
        return lastError;
    }

    CompletableFuture<SpoolPosition> enqueue(byte[] record) {
        CompletableFuture<SpoolPosition> done = new CompletableFuture<>();
        queue.add(new Pending(record, done, false));
        return done;
    }

    CompletableFuture<SpoolPosition> flush() {
        return enqueue(null);
    }

    /** Writes what is queued, then stops; waits up to {@code timeoutMs} for that. */
    void close(long timeoutMs) throws InterruptedException {
        queue.add(new Pending(null, new CompletableFuture<>(), true));
        thread.join(timeoutMs);
        closing = true; // a writer stuck retrying a broken disk gives up now
        thread.join(timeoutMs);
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch);
                boolean stop = batch.stream().anyMatch(Pending::close);
                int from = 0;
                while (from < batch.size()) {
                    int to = chunkEnd(batch, from);
                    IOException failure = writeDurably(batch.subList(from, to));
                    for (Pending pending : batch.subList(from, to)) {
                        if (failure != null) {
                            pending.done().completeExceptionally(failure);
                        } else {
                            pending.done().complete(new SpoolPosition(segment, size));
                        }
                    }
                    from = to;
                }
                batch.clear();
                if (stop) {
                    closeChannel();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The end of the chunk starting at {@code from} that fits in the current segment (at least one item). */
    private int chunkEnd(List<Pending> batch, int from) {
        long projected = size >= segmentBytes ? 0 : size;
        int to = from;
        do {
            byte[] bytes = batch.get(to).bytes();
            projected += bytes == null ? 0 : bytes.length;
            to++;
        } while (to < batch.size() && projected < segmentBytes);
        return to;
    }

    /**
     * Writes and fsyncs one chunk (rolling to a new segment first when the current one is full),
     * retrying until it succeeds; returns the error only if closing gave up.
     */
    private IOException writeDurably(List<Pending> chunk) throws InterruptedException {
        long backoffMs = 50;
        while (true) {
            long committedSize = size;
            try {
                if (size >= segmentBytes) {
                    roll();
                    committedSize = 0;
                }
                for (Pending pending : chunk) {
                    if (pending.bytes() != null) {
                        ByteBuffer buffer = ByteBuffer.wrap(pending.bytes());
                        while (buffer.hasRemaining()) {
                            channel.write(buffer, size + buffer.position());
                        }
                        size += pending.bytes().length;
                    }
                }
                channel.force(false);
                if (lastError != null) {
                    LOG.log(System.Logger.Level.INFO, "spool writes work again in " + dir);
                    lastError = null;
                }
                listener.committed(new SpoolPosition(segment, size));
                return null;
            } catch (IOException e) {
                size = committedSize;
                if (lastError == null) {
                    LOG.log(System.Logger.Level.ERROR, "spool write failed in " + dir + ", retrying: " + e);
                }
                lastError = e.toString();
                if (closing) {
                    return e;
                }
                Thread.sleep(backoffMs);
                backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                repairAfterFailure(committedSize);
            }
        }
    }

    /** Drops the partly written tail so the retry starts at the committed end. */
    private void repairAfterFailure(long committedSize) {
        try {
            if (channel == null || !channel.isOpen()) {
                channel = openSegment(segment);
            }
            channel.truncate(committedSize);
        } catch (IOException e) {
            lastError = e.toString();
        }
    }

    private void roll() throws IOException {
        channel.force(true);
        channel.close();
        long next = segment + 1;
        FileChannel opened = openSegment(next);
        channel = opened;
        segment = next;
        size = 0;
        listener.committed(new SpoolPosition(segment, 0));
    }

    private FileChannel openSegment(long number) throws IOException {
        Path file = SegmentFiles.path(dir, number);
        FileChannel opened = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        SegmentFiles.syncDirectory(dir);
        return opened;
    }

    private void closeChannel() {
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            lastError = e.toString();
        }
    }
}
