package io.quorate.ha.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.config.ConfigException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StorageConfigTest {

    private static final String PROXMOX_EXAMPLE = """
            dir: local
            \tpath /var/lib/vz
            \tcontent iso,vztmpl,backup

            lvmthin: local-lvm
            \tthinpool data
            \tvgname pve
            \tcontent rootdir,images

            # the SAN, seen from two nodes only
            nfs: san
                export /export/vms
                path /mnt/pve/san
                server 10.0.0.5
                content images
                options vers=4.2
                nodes node1, node2

            rbd: ceph
            \tcontent images
            \tkrbd 0
            \tpool vms

            zfspool: tank
            \tpool tank
            \tnodes node3

            dir: gfs
            \tpath /mnt/gfs2
            \tshared 1

            lvm: old-lun
            \tvgname san
            \tshared yes
            \tdisable
            """;

    @Test
    void readsTypesSharingNodesAndDisable() throws ConfigException {
        StorageConfig config = StorageConfig.parse("storage.cfg", PROXMOX_EXAMPLE);

        assertEquals(List.of("ceph", "gfs", "local", "local-lvm", "old-lun", "san", "tank"),
                config.storages().stream().map(Storage::id).toList());
        Storage san = config.storage("san").orElseThrow();
        assertEquals(StorageType.NFS, san.type());
        assertTrue(san.shared());
        assertEquals(new TreeSet<>(Set.of("node1", "node2")), san.nodes());
        assertTrue(san.onNode("node2"));
        assertFalse(san.onNode("node3"));
        assertTrue(config.storage("ceph").orElseThrow().shared(), "rbd is shared by nature");
        assertTrue(config.storage("ceph").orElseThrow().onNode("node9"), "no 'nodes': every node");
        assertFalse(config.storage("local-lvm").orElseThrow().shared());
        assertFalse(config.storage("tank").orElseThrow().shared());
        assertTrue(config.storage("gfs").orElseThrow().shared(), "dir with 'shared 1'");
        Storage lun = config.storage("old-lun").orElseThrow();
        assertTrue(lun.shared() && lun.disabled(), "'shared yes' and a bare 'disable'");
        assertFalse(san.disabled());
    }

    @Test
    void localExistsEvenWhenTheFileDoesNotDefineIt() throws ConfigException {
        StorageConfig config = StorageConfig.parse("storage.cfg", "nfs: san\n\tserver 10.0.0.5\n\texport /e\n");
        Storage local = config.storage("local").orElseThrow();
        assertEquals(StorageType.DIR, local.type());
        assertFalse(local.shared());
        assertTrue(StorageConfig.parse("storage.cfg", "").storage("local").isPresent());
    }

    @Test
    void anUnknownTypeIsRefusedAtItsHeader() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> StorageConfig.parse("storage.cfg", "dir: local\n\tpath /var/lib/vz\n\nsheepdog: old\n\tportal x\n"));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().startsWith("storage.cfg:4: storage 'old': unknown storage type 'sheepdog' (known: dir, lvm,"),
                e.getMessage());
    }

    @Test
    void malformedLinesAreRefusedWithTheirLine() {
        assertProblem("dir: local\n\tpath /var/lib/vz\nnfs: san\n", 3, "must be an indented 'key value' line");
        assertProblem("\tpath /var/lib/vz\n", 1, "outside a section");
        assertProblem("this is not storage\n", 1, "expected a section header 'type: id'");
    }

    @Test
    void badValuesNameTheStorageAndKey() {
        assertProblem("nfs: san\n\tnodes node1,-bad\n", 2, "storage 'san': invalid node name '-bad' in 'nodes'");
        assertProblem("nfs: san\n\tnodes ,\n", 2, "storage 'san': 'nodes' needs at least one node");
        assertProblem("dir: dd\n\tshared maybe\n", 2, "storage 'dd': 'shared' must be a boolean (0 or 1), got 'maybe'");
        assertProblem("dir: dd\n\tdisable 2\n", 2, "'disable' must be a boolean");
        assertProblem("lvmthin: thin\n\tshared 1\n", 2,
                "storage 'thin': 'shared 1' is not possible for type lvmthin, which is always local to each node");
        assertProblem("nfs: san\n\tshared 0\n", 2, "'shared 0' is not possible for type nfs, which is always shared");
        assertProblem("dir: 1bad\n\tpath /x\n", 1, "invalid storage id '1bad'");
        assertProblem("dir: d\n\tpath /x\n", 1, "invalid storage id 'd'");
        assertProblem("dir: san\n\tpath /x\n\nnfs: san\n\tserver s\n", 4, "storage 'san' is defined twice (first on line 1)");
    }

    @Test
    void sharedOneOnAlwaysSharedTypesAndSharedZeroOnLocalOnesAreHarmless() throws ConfigException {
        StorageConfig config = StorageConfig.parse("storage.cfg", "nfs: san\n\tshared 1\n\nzfspool: zz\n\tshared 0\n");
        assertTrue(config.storage("san").orElseThrow().shared());
        assertFalse(config.storage("zz").orElseThrow().shared());
    }

    private static void assertProblem(String text, int line, String problem) {
        ConfigException e = assertThrows(ConfigException.class, () -> StorageConfig.parse("storage.cfg", text));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("storage.cfg:" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
