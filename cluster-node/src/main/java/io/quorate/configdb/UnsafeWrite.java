package io.quorate.configdb;

import io.quorate.protocol.Blob;

/**
 * A write applied on this node alone, without a majority, in the unsafe mode an administrator's
 * override allows (Proxmox's {@code pvecm expected 1} recovery path). {@code content} null: removed.
 * It never enters the replicated log; on rejoin it is reported and kept aside.
 */
public record UnsafeWrite(String path, Blob content, long basedOnVersion) {
    public boolean removed() {
        return content == null;
    }
}
