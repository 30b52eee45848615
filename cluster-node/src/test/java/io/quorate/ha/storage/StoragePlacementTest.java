package io.quorate.ha.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.config.ConfigException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoragePlacementTest {

    private static final String STORAGE_CFG = """
            lvmthin: local-lvm
            \tvgname pve
            \tthinpool data

            nfs: san
            \tserver 10.0.0.5
            \texport /vms
            \tnodes node1,node2

            rbd: ceph
            \tpool vms

            nfs: retired
            \tserver 10.0.0.9
            \texport /old
            \tdisable
            """;

    private final Map<String, String> guests = new HashMap<>(Map.of(
            "vm:101", "scsi0: san:vm-101-disk-0,size=32G\nscsi1: ceph:vm-101-disk-1\n",
            "vm:102", "scsi0: local-lvm:vm-102-disk-0,size=32G\nscsi1: ceph:vm-102-disk-1\n",
            "vm:103", "scsi0: nowhere:vm-103-disk-0\n",
            "ct:104", "rootfs: retired:104/vm-104-disk-0.raw,size=8G\n",
            "vm:105", "scsi0: ceph:vm-105-disk-0\nbroken line\n"));

    private StoragePlacement placement() throws ConfigException {
        return StoragePlacement.fromFiles(STORAGE_CFG, guests);
    }

    @Test
    void sharedStorageMayMoveToTheNodesThatHaveIt() throws ConfigException {
        StoragePlacement placement = placement();
        assertEquals(Optional.empty(), placement.whyNotMovable("vm:101"));
        assertEquals(Optional.empty(), placement.whyNotOn("vm:101", "node2"));
        assertEquals(Optional.of("storage 'san' is not available on node 'node3'"), placement.whyNotOn("vm:101", "node3"));
        assertEquals(Optional.empty(), placement.whyNotMove("vm:101", "node1", "node2"));
        assertEquals(Optional.of("storage 'san' is not available on node 'node3'"),
                placement.whyNotMove("vm:101", "node1", "node3"));
    }

    @Test
    void localStorageRunsWhereItIsButNeverMoves() throws ConfigException {
        StoragePlacement placement = placement();
        assertEquals(Optional.empty(), placement.whyNotOn("vm:102", "node3"), "every node has a local-lvm");
        assertEquals(Optional.of("guest uses non-shared storage 'local-lvm'"), placement.whyNotMovable("vm:102"));
        assertEquals(Optional.of("guest uses non-shared storage 'local-lvm'"), placement.whyNotMove("vm:102", "node1", "node2"));
        assertEquals(Optional.empty(), placement.whyNotMove("vm:102", "node1", "node1"), "staying is not a move");
    }

    @Test
    void unknownDisabledAndUnreadableAreNotPlaceableWithTheReason() throws ConfigException {
        StoragePlacement placement = placement();
        String unknown = "guest uses storage 'nowhere', which storage.cfg does not define";
        assertEquals(Optional.of(unknown), placement.whyNotOn("vm:103", "node1"));
        assertEquals(Optional.of(unknown), placement.whyNotMovable("vm:103"));
        assertEquals(Optional.of("guest uses disabled storage 'retired'"), placement.whyNotOn("ct:104", "node1"));
        assertEquals(Optional.of("guest uses disabled storage 'retired'"), placement.whyNotMovable("ct:104"));
        String unreadable = placement.whyNotMovable("vm:105").orElseThrow();
        assertTrue(unreadable.startsWith("guest config unreadable: qemu-server/105.conf:2: expected 'key: value'"), unreadable);
        assertEquals(Optional.of(unreadable), placement.whyNotOn("vm:105", "node1"));
    }

    @Test
    void servicesWithoutGuestConfigUseNoStorage() throws ConfigException {
        guests.put("vm:106", null);
        StoragePlacement placement = placement();
        assertEquals(Optional.empty(), placement.whyNotMove("vm:106", "node1", "node3"));
        assertEquals(Optional.empty(), placement.whyNotMove("vm:999", "node1", "node3"));
        assertEquals(Optional.empty(), placement.whyNotMove("fa:1", "node1", "node3"));
    }

    @Test
    void withoutStorageCfgEverythingMayRunEverywhere() throws ConfigException {
        StoragePlacement placement = StoragePlacement.fromFiles(null, guests);
        for (String sid : guests.keySet()) {
            assertEquals(Optional.empty(), placement.whyNotMove(sid, "node1", "node3"), sid);
        }
        assertEquals(Optional.empty(), StoragePlacement.unconstrained().whyNotMovable("vm:102"));
    }

    @Test
    void aBrokenStorageCfgIsAnErrorNotAnEmptyConfig() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> StoragePlacement.fromFiles("nfs: san\n\tserver x\nbad\n", guests));
        assertEquals("storage.cfg", e.source());
        assertEquals(3, e.line());
    }

    @Test
    void parsedFilesGiveTheSameAnswers() throws ConfigException {
        StorageConfig config = StorageConfig.parse("storage.cfg", STORAGE_CFG);
        GuestVolumes volumes = GuestVolumes.parse("qemu-server/102.conf", GuestType.QEMU, guests.get("vm:102"));
        StoragePlacement placement = StoragePlacement.of(config, Map.of("vm:102", volumes));
        assertEquals(placement().whyNotMovable("vm:102"), placement.whyNotMovable("vm:102"));
    }
}
