package io.quorate.ha.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.config.ConfigException;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GuestVolumesTest {

    @Test
    void aVmUsesTheStoragesOfItsDisksCdromsEfiTpmAndUnusedVolumes() throws ConfigException {
        String text = """
                #Web server%3A production
                #second description line
                agent: 1
                boot: order=scsi0;ide2;net0
                cores: 2
                efidisk0: local-lvm:vm-101-disk-1,efitype=4m,pre-enrolled-keys=1,size=4M
                ide0: none,media=cdrom
                ide1: cdrom,media=cdrom
                ide2: isos:iso/debian-12.iso,media=cdrom,size=628M
                memory: 4096
                meta: creation-qemu=8.1.5,ctime=1712345678
                net0: virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1
                parent: before-upgrade
                sata0: /dev/disk/by-id/ata-WDC_WD40-part1,size=100G
                scsi0: san:vm-101-disk-0,iothread=1,size=32G
                scsi1: file=ceph:vm-101-disk-2,size=8G
                scsihw: virtio-scsi-single
                smbios1: uuid=1f8d1c1e-4c5b-4b9e-9a0b-3c1e2d3f4a5b
                tpmstate0: local-lvm:vm-101-disk-3,size=4M,version=v2.0
                unused0: old-nfs:101/vm-101-disk-9.qcow2
                vmgenid: 0a1b2c3d-0000-4000-8000-000000000000

                [before-upgrade]
                scsi0: snapstore:vm-101-disk-0,size=32G
                snaptime: 1712345999
                vmstate: snapstore:vm-101-state-before-upgrade
                """;
        assertEquals(storages("ceph", "isos", "local-lvm", "old-nfs", "san"),
                GuestVolumes.parse("qemu-server/101.conf", GuestType.QEMU, text).storages());
    }

    @Test
    void pendingChangesCountAndCloudInitBookkeepingDoesNot() throws ConfigException {
        String text = """
                scsi0: san:vm-102-disk-0,size=32G
                ide2: local-lvm:vm-102-cloudinit,media=cdrom

                [PENDING]
                virtio1: fast:vm-102-disk-1,size=16G
                delete: net1

                [special:cloudinit]
                ipconfig0: ip=dhcp
                scsi5: other:should-not-count
                """;
        assertEquals(storages("fast", "local-lvm", "san"),
                GuestVolumes.parse("qemu-server/102.conf", GuestType.QEMU, text).storages());
    }

    @Test
    void aContainerUsesItsRootfsAndMountPointsButNotBindMounts() throws ConfigException {
        String text = """
                arch: amd64
                hostname: ct103
                lxc.apparmor.profile: unconfined
                lxc.cgroup2.devices.allow = c 10:200 rwm
                mp0: san:subvol-103-disk-1,mp=/srv/data,backup=1,size=50G
                mp1: /mnt/host-share,mp=/srv/share
                mp2: mp=/srv/other,volume=nfs2:103/vm-103-disk-2.raw,size=1G
                rootfs: local-lvm:vm-103-disk-0,size=8G
                unused0: tank:subvol-103-disk-7

                [pve:pending]
                mp3: late:vm-103-disk-3,mp=/late

                [daily]
                rootfs: snaps:vm-103-disk-0,size=8G
                """;
        assertEquals(storages("late", "local-lvm", "nfs2", "san", "tank"),
                GuestVolumes.parse("lxc/103.conf", GuestType.LXC, text).storages());
    }

    @Test
    void garbageIsRefusedWithItsLine() {
        assertProblem(GuestType.QEMU, "cores: 2\nthis is garbage\n", 2,
                "expected 'key: value', a '#' comment or a '[snapshot]' header, got 'this is garbage'");
        assertProblem(GuestType.QEMU, "lxc.apparmor.profile: unconfined\n", 1, "expected 'key: value'");
        assertProblem(GuestType.QEMU, "cores: 2\nmemory:\n", 2, "'memory' has no value");
        assertProblem(GuestType.QEMU, "scsi0: st1:x\nscsi0: st2:y\n", 2, "'scsi0' is given twice (first on line 1)");
        assertProblem(GuestType.QEMU, "scsi0: garbage,size=3G\n", 1,
                "'scsi0': 'garbage' is not a volume: expected '<storage>:<volume>', 'none', 'cdrom' or an absolute path");
        assertProblem(GuestType.QEMU, "scsi0: size=3G\n", 1, "'scsi0' names no volume: 'size=3G'");
        assertProblem(GuestType.QEMU, "scsi0: st1:x,file=st2:y\n", 1, "'scsi0' names two volumes: 'st1:x' and 'st2:y'");
        assertProblem(GuestType.QEMU, "cores: 1\n[pve:pending]\n", 2, "unknown section header '[pve:pending]'");
        assertProblem(GuestType.LXC, "rootfs: nonsense\n", 1,
                "'rootfs': 'nonsense' is not a volume: expected '<storage>:<volume>' or an absolute path");
    }

    @Test
    void theSameKeyInTheConfigAndInASnapshotIsFine() throws ConfigException {
        assertEquals(storages("st1"), GuestVolumes.parse("qemu-server/104.conf", GuestType.QEMU,
                "scsi0: st1:vm-104-disk-0\n\n[s1]\nscsi0: st2:vm-104-disk-0\n").storages());
    }

    @Test
    void theGuestTypeFollowsTheResourceId() {
        assertEquals(GuestType.QEMU, GuestType.ofResource("vm:101").orElseThrow());
        assertEquals(GuestType.LXC, GuestType.ofResource("ct:101").orElseThrow());
        assertTrue(GuestType.ofResource("fa:101").isEmpty());
        assertEquals("lxc/101.conf", GuestType.LXC.configPath("ct:101"));
    }

    private static void assertProblem(GuestType type, String text, int line, String problem) {
        ConfigException e = assertThrows(ConfigException.class, () -> GuestVolumes.parse("guest.conf", type, text));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("guest.conf:" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    private static TreeSet<String> storages(String... ids) {
        return new TreeSet<>(Set.of(ids));
    }
}
