package io.quorate.ha.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quorate.config.ConfigException;
import io.quorate.ha.storage.StoragePlacement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The CRM master's safety rules, without Proxmox's cases: fence before recover, placement, stops. */
class ManagerTest {
    private static final List<String> NODES = List.of("node1", "node2", "node3");
    private final List<String> log = new ArrayList<>();
    private final ManagerStatus status = new ManagerStatus();
    private final Manager manager = new Manager(status, (level, message) -> log.add(message), 0);
    private final Map<String, ServiceConf> config = new TreeMap<>(Map.of(
            "vm:101", new ServiceConf("vm:101", "started", "node1", 1, 1, true),
            "vm:102", new ServiceConf("vm:102", "started", "node2", 1, 1, true)));

    private void round(long seconds, Set<String> online, boolean agentLockFree) {
        manager.manage(seconds * 1000, NODES, online, Map.of(), config, List.of(), node -> agentLockFree);
    }

    @Test
    void aServiceOfAFailedNodeIsRecoveredOnlyAfterItsAgentLockIsTaken() {
        Set<String> all = Set.of("node1", "node2", "node3");
        round(0, all, false);
        assertEquals(ServiceState.STARTED, status.services.get("vm:101").state);
        Set<String> withoutNode1 = Set.of("node2", "node3");
        round(20, withoutNode1, false);
        assertEquals(NodeState.UNKNOWN, status.nodeState("node1"));
        round(80, withoutNode1, false); // 60 s offline: fence, but the lock is still held
        assertEquals(ServiceState.FENCE, status.services.get("vm:101").state);
        assertEquals(NodeState.FENCE, status.nodeState("node1"));
        for (long t = 100; t <= 300; t += 20) {
            round(t, withoutNode1, false);
            assertEquals(ServiceState.FENCE, status.services.get("vm:101").state, "no recovery without proof at t=" + t);
        }
        round(320, withoutNode1, true); // the lock expired: the node's watchdog has reset it
        assertEquals(ServiceState.STARTED, status.services.get("vm:101").state);
        assertEquals("node3", status.services.get("vm:101").node, "the node with the fewest services");
        assertTrue(log.contains("fencing: acknowledged - got agent lock for node 'node1'"), log.toString());
    }

    @Test
    void aMinorityMasterSeesItsPeersUnknownButFencesNobodyWithoutTheirLocks() {
        round(0, Set.of("node1", "node2", "node3"), false);
        for (long t = 20; t <= 400; t += 20) {
            round(t, Set.of("node1"), false);
        }
        assertEquals(ServiceState.FENCE, status.services.get("vm:102").state);
        assertEquals("node2", status.services.get("vm:102").node, "never started elsewhere while node2 may still run it");
    }

    @Test
    void disablingAServiceStopsIt() {
        round(0, Set.of("node1", "node2", "node3"), false);
        config.put("vm:101", new ServiceConf("vm:101", "disabled", "node1", 1, 1, true));
        round(20, Set.of("node1", "node2", "node3"), false);
        assertEquals(ServiceState.REQUEST_STOP, status.services.get("vm:101").state);
        String uid = status.services.get("vm:101").uid;
        manager.manage(40_000, NODES, Set.of("node1", "node2", "node3"),
                Map.of("node1", new LrmReport("active", LrmReport.MODE_ACTIVE, Map.of(uid, LrmReport.SUCCESS))), config, List.of(),
                node -> false);
        assertEquals(ServiceState.STOPPED, status.services.get("vm:101").state);
    }

    // ---- shared storage

    private static final String STORAGE_CFG = """
            lvmthin: local-lvm
            \tvgname pve
            \tthinpool data

            nfs: san
            \tserver 10.0.0.5
            \texport /vms
            \tnodes node1,node2
            """;

    private void withStorage(String storageCfg, String vm101Config) throws ConfigException {
        manager.withStorage(StoragePlacement.fromFiles(storageCfg, Map.of("vm:101", vm101Config)));
    }

    /** node1 fails while everything is up; at 320 s its lock is free, so its services are recovered. */
    private void failNode1() {
        round(0, Set.of("node1", "node2", "node3"), false);
        Set<String> withoutNode1 = Set.of("node2", "node3");
        for (long t = 20; t <= 300; t += 20) {
            round(t, withoutNode1, false);
        }
        round(320, withoutNode1, true);
    }

    @Test
    void recoveryGoesOnlyToANodeThatHasTheStorage() throws ConfigException {
        withStorage(STORAGE_CFG, "scsi0: san:vm-101-disk-0,size=32G\n");
        failNode1();
        assertEquals(ServiceState.STARTED, status.services.get("vm:101").state);
        assertEquals("node2", status.services.get("vm:101").node, "node3 has fewer services but no 'san'");
    }

    @Test
    void withoutStorageCfgRecoveryIsAsBefore() throws ConfigException {
        withStorage(null, "scsi0: local-lvm:vm-101-disk-0,size=32G\n");
        failNode1();
        assertEquals(ServiceState.STARTED, status.services.get("vm:101").state);
        assertEquals("node3", status.services.get("vm:101").node);
    }

    @Test
    void aFencedServiceOnNonSharedStorageGoesToErrorInsteadOfMoving() throws ConfigException {
        withStorage(STORAGE_CFG, "scsi0: local-lvm:vm-101-disk-0,size=32G\n");
        failNode1();
        assertEquals(ServiceState.ERROR, status.services.get("vm:101").state);
        assertEquals("node1", status.services.get("vm:101").node, "its disk is there");
        assertTrue(log.contains("recovering service 'vm:101' from fenced node 'node1' failed: guest uses non-shared"
                + " storage 'local-lvm'"), log.toString());
        assertEquals(ServiceState.STARTED, status.services.get("vm:102").state, "others are unaffected");
    }

    @Test
    void migrateToANodeWithoutTheStorageIsRefused() throws ConfigException {
        withStorage(STORAGE_CFG, "scsi0: san:vm-101-disk-0,size=32G\n");
        Set<String> all = Set.of("node1", "node2", "node3");
        round(0, all, false);
        manager.manage(20_000, NODES, all, Map.of(), config, List.of("migrate vm:101 node3"), node -> false);
        assertEquals(ServiceState.STARTED, status.services.get("vm:101").state);
        assertTrue(log.contains("crm command error - storage 'san' is not available on node 'node3': migrate vm:101 node3"),
                log.toString());
        manager.manage(40_000, NODES, all, Map.of(), config, List.of("relocate vm:101 node2"), node -> false);
        assertEquals(ServiceState.RELOCATE, status.services.get("vm:101").state);
        assertEquals("node2", status.services.get("vm:101").target);
    }

    @Test
    void migratingAGuestOnLocalStorageIsRefused() throws ConfigException {
        withStorage(STORAGE_CFG, "scsi0: local-lvm:vm-101-disk-0\n");
        Set<String> all = Set.of("node1", "node2", "node3");
        round(0, all, false);
        manager.manage(20_000, NODES, all, Map.of(), config, List.of("migrate vm:101 node2"), node -> false);
        assertEquals(ServiceState.STARTED, status.services.get("vm:101").state);
        assertTrue(log.contains("crm command error - guest uses non-shared storage 'local-lvm': migrate vm:101 node2"),
                log.toString());
        assertFalse(log.stream().anyMatch(line -> line.contains("to 'migrate'")), log.toString());
    }

    @Test
    void maintenanceMovesOnlyWhereTheStorageIsAndKeepsLocalGuestsInPlace() throws ConfigException {
        Set<String> all = Set.of("node1", "node2", "node3");
        Map<String, LrmReport> node1InMaintenance = Map.of("node1", new LrmReport("active", LrmReport.MODE_MAINTENANCE, Map.of()));
        withStorage(STORAGE_CFG, "scsi0: san:vm-101-disk-0\n");
        round(0, all, false);
        manager.manage(20_000, NODES, all, node1InMaintenance, config, List.of(), node -> false);
        assertEquals(ServiceState.MIGRATE, status.services.get("vm:101").state);
        assertEquals("node2", status.services.get("vm:101").target, "node3 has fewer services but no 'san'");

        ManagerStatus localStatus = new ManagerStatus();
        Manager local = new Manager(localStatus, (level, message) -> log.add(message), 0)
                .withStorage(StoragePlacement.fromFiles(STORAGE_CFG, Map.of("vm:101", "scsi0: local-lvm:vm-101-disk-0\n")));
        local.manage(0, NODES, all, Map.of(), config, List.of(), node -> false);
        local.manage(20_000, NODES, all, node1InMaintenance, config, List.of(), node -> false);
        assertEquals(ServiceState.STARTED, localStatus.services.get("vm:101").state);
        assertEquals("node1", localStatus.services.get("vm:101").node);
    }
}
