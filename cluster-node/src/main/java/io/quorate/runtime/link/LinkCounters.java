package io.quorate.runtime.link;

/**
 * The mutable side of {@link LinkStats}. Written only from the link's event loop; the fields are
 * volatile so {@link #snapshot()} may be read from any thread (a metrics exporter, a test).
 */
final class LinkCounters {
    private volatile long framesSent;
    private volatile long framesReceived;
    private volatile long framesDropped;
    private volatile long bytesSent;
    private volatile long bytesReceived;
    private volatile long connects;
    private volatile long reconnects;

    void sent(int frameBytes) {
        framesSent++;
        bytesSent += frameBytes;
    }

    void delivered() {
        framesReceived++;
    }

    void dropped(int frames) {
        framesDropped += frames;
    }

    void read(int bytes) {
        bytesReceived += bytes;
    }

    void connected() {
        connects++;
    }

    void reconnecting() {
        reconnects++;
    }

    LinkStats snapshot() {
        return new LinkStats(framesSent, framesReceived, framesDropped, bytesSent, bytesReceived, connects, reconnects);
    }
}
