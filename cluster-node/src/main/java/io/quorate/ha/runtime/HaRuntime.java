package io.quorate.ha.runtime;

import io.quorate.events.Event;
import io.quorate.events.MembershipEvent;
import io.quorate.events.QuorumEvent;
import io.quorate.events.WatchdogEvent;
import io.quorate.ha.fence.IpmiFencer;
import io.quorate.ha.guest.GuestAddress;
import io.quorate.ha.guest.GuestCommandLine;
import io.quorate.ha.watchdog.Supervisor;
import io.quorate.runtime.NodeRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;

/**
 * The HA stack of one node process: its CRM and LRM loops on the core's event loop, the link to
 * the watchdog supervisor, guests run by that supervisor, and IPMI fencing driven by membership.
 * Without a supervisor the node does its cluster duties but neither leads HA nor runs services.
 */
public final class HaRuntime {
    /**
     * The hidden {@code quorate node run} option that lets the CRM recover a node's services without
     * fencing it. It breaks fence-before-recover on purpose, so chaos tests can prove their split-brain
     * checker fails; never for a real cluster.
     */
    public static final String UNSAFE_RECOVERY_OPTION = "--unsafe-recover-without-fencing";

    private final HaContext context;
    private final CrmService crm;
    private final LrmService lrm;
    private final HardwareFencing hardware;
    private final SupervisorLink supervisor;
    private final WorkerExecutor supervisorWorker;
    private final WorkerExecutor fenceWorker;
    private final NodeWatchdog watchdog;
    private boolean stopped;
    /** Starts true so that a missing supervisor is reported once, at the first loop. */
    private boolean supervisorAvailable = true;

    /** Where guests listen: {@code host}, port base + vmid. */
    public record GuestPlacement(String host, int portBase) {
    }

    private final ManagerStatusSource status;

    private HaRuntime(Vertx vertx, NodeRuntime runtime, HaTimings timings, GuestPlacement guestPlacement,
                      boolean unsafeRecoverWithoutFencing) {
        this.context = new HaContext(runtime, timings);
        ProblemLog problems = new ProblemLog();
        String self = runtime.node().nodeName();
        this.supervisorWorker = vertx.createSharedWorkerExecutor("quorate-ha-supervisor-" + self, 1);
        this.fenceWorker = vertx.createSharedWorkerExecutor("quorate-ha-fence-" + self, 1);
        this.supervisor = new SupervisorLink(Supervisor.socketOf(runtime.node().files().dir()), supervisorWorker);
        this.watchdog = new NodeWatchdog(supervisor, context);
        this.status = new ManagerStatusSource(context, problems);
        GuestDriver guests = new SupervisedGuests(supervisor, sid -> GuestCommandLine.argv(sid, self,
                GuestAddress.of(guestPlacement.host(), sid, guestPlacement.portBase())));
        CrmService[] crmRef = new CrmService[1];
        this.hardware = new HardwareFencing(context, fenceWorker, new IpmiFencer(Duration.ofSeconds(5), Duration.ofSeconds(10)),
                () -> crmRef[0] != null && crmRef[0].isMaster(), node -> crmRef[0].onPoweredOff(node), problems,
                unsafeRecoverWithoutFencing);
        this.crm = new CrmService(context, watchdog, status, problems, hardware);
        crmRef[0] = crm;
        this.lrm = new LrmService(context, guests, watchdog, status, problems);
    }

    /** Starts the loops on the runtime's event loop; for the last argument see {@link #UNSAFE_RECOVERY_OPTION}. */
    public static HaRuntime start(Vertx vertx, NodeRuntime runtime, HaTimings timings, GuestPlacement guests,
                                  boolean unsafeRecoverWithoutFencing) {
        HaRuntime ha = new HaRuntime(vertx, runtime, timings, guests, unsafeRecoverWithoutFencing);
        runtime.runOnCore(() -> {
            runtime.addEventListener(ha::onEvent);
            ha.loop();
        });
        return ha;
    }

    /**
     * Each loop first asks the supervisor whether it is there: without a watchdog this node may
     * neither lead nor run services, so it does not even ask for their locks.
     */
    private void loop() {
        if (stopped) {
            return;
        }
        hardware.reconsider();
        watchdog.check().onComplete(answer -> {
            boolean available = answer.succeeded();
            if (available != supervisorAvailable) {
                supervisorAvailable = available;
                if (!available) {
                    context.record(new WatchdogEvent.Unavailable(String.valueOf(answer.cause().getMessage())));
                }
            }
            if (available) {
                crm.tick();
                lrm.tick();
            }
            context.later(context.timings().loopMs(), this::loop);
        });
    }

    /** The HA part of the node's view snapshot; call on the core loop. */
    public io.quorate.runtime.ViewSnapshots.HaView view() {
        io.quorate.ha.core.ManagerStatus current = status.current();
        java.util.Map<String, io.quorate.events.SnapshotEvent.ServiceView> services = new java.util.TreeMap<>();
        current.services.forEach((sid, entry) -> services.put(sid,
                new io.quorate.events.SnapshotEvent.ServiceView(entry.state.pveName(), entry.node)));
        return new io.quorate.runtime.ViewSnapshots.HaView(current.masterNode, lrm.state(), services, lrm.runningGuests());
    }

    /** This node's HA roles for its metrics; call on the core loop. */
    public record Roles(String crmState, boolean master, String lrmState, boolean watchdogArmed, double watchdogExpirySeconds) {
    }

    public Roles roles() {
        return new Roles(crm.state(), crm.isMaster(), lrm.state(), watchdog.armed(), watchdog.expirySeconds());
    }

    /** Membership and quorum changes: fencing reacts at once, not at the next loop. */
    private void onEvent(Event event) {
        if (stopped) {
            return;
        }
        if (event.data() instanceof MembershipEvent.ViewAgreed || event.data() instanceof QuorumEvent.Gained
                || event.data() instanceof QuorumEvent.Lost) {
            hardware.reconsider();
            if (supervisorAvailable) {
                crm.tick();
            }
        }
    }

    /**
     * A clean stop. Under the {@code migrate} shutdown policy the LRM first reports maintenance and
     * waits, loops still running (this node may be the master that moves them), until its services
     * have left. Then the LRM stops what is left and lets its lock go, and the master hands over.
     */
    public Future<Void> shutdown() {
        Future<Void> done = Future.future(promise -> context.runtime().runOnCore(() -> lrm.drainForShutdown()
                .onComplete(drained -> {
                    stopped = true;
                    Future.join(lrm.shutdown(), crm.shutdown()).<Void>mapEmpty().onComplete(promise);
                })));
        return done.eventually(() -> {
            supervisor.close();
            return Future.join(supervisorWorker.close(), fenceWorker.close());
        });
    }
}
