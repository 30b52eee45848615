package io.quorate.events;

import java.util.List;

/** The HA stack: the CRM (one master), each node's LRM, and every service's CRM state. */
public sealed interface HaEvent extends EventData {

    /** This node's CRM changed state (wait_for_quorum, slave, master, lost_manager_lock). */
    @EventType("ha.crm.state_changed")
    record CrmStateChanged(String from, String to, long lockEpoch) implements HaEvent {
    }

    /** This node's LRM changed state (wait_for_agent_lock, active, lost_agent_lock, maintenance). */
    @EventType("ha.lrm.state_changed")
    record LrmStateChanged(String from, String to, long lockEpoch) implements HaEvent {
    }

    /** The master took queued admin commands from {@code ha/crm_commands}. */
    @EventType("ha.crm.commands")
    record CommandsTaken(List<String> commands) implements HaEvent {
    }

    /** The master changed a node's HA state (online, unknown, fence, maintenance, gone). */
    @EventType("ha.node.state_changed")
    record NodeStateChanged(String node, String from, String to) implements HaEvent {
    }

    /** The master changed a service's state or placement; {@code node} is where it is (or goes). */
    @EventType("ha.service.state_changed")
    record ServiceStateChanged(String sid, String from, String to, String node, String target) implements HaEvent {
    }

    /** The manager's own log line (what pve-ha-manager would log), for replay and incident review. */
    @EventType("ha.crm.log")
    record ManagerLog(String level, String message) implements HaEvent {
    }
}
