package io.quorate.chaos.run;

import io.quorate.chaos.experiment.Selector;
import io.quorate.chaos.lab.ChaosLab;
import io.quorate.chaos.lab.LabCluster;
import io.quorate.ha.guest.GuestProber;
import java.util.Random;

/** Resolves a {@link Selector} to a node at the moment a fault is applied. */
final class SelectorResolver {
    private final ChaosLab lab;
    private final GuestProber prober;
    private final Random random;

    SelectorResolver(ChaosLab lab, GuestProber prober, Random random) {
        this.lab = lab;
        this.prober = prober;
        this.random = random;
    }

    /** @throws FaultException when no node fits (e.g. no CRM master known, the guest answers nowhere) */
    String resolve(Selector selector) {
        if (selector instanceof Selector.Node node) {
            if (!lab.nodeNames().contains(node.name())) {
                throw new FaultException("no node " + node.name() + " in the lab (" + String.join(", ", lab.nodeNames()) + ")");
            }
            return node.name();
        }
        if (selector instanceof Selector.NodeRunning running) {
            String sid = running.resource().toString();
            return prober.lastNode(sid).or(() -> LabCluster.placement(lab, sid))
                    .orElseThrow(() -> new FaultException(sid + " runs nowhere the prober or the HA status can see"));
        }
        if (selector instanceof Selector.CrmMaster) {
            return LabCluster.crmMaster(lab).orElseThrow(() -> new FaultException("no node reports a CRM master"));
        }
        return lab.nodeNames().get(random.nextInt(lab.nodeNames().size()));
    }
}
