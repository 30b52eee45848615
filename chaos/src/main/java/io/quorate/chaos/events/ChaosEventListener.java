package io.quorate.chaos.events;

import io.quorate.chaos.experiment.Experiment;
import io.quorate.chaos.lab.ChaosLab;
import io.quorate.chaos.run.FaultRecord;
import io.quorate.chaos.run.RunListener;
import io.quorate.chaos.run.RunReport;
import io.quorate.config.ClusterConfig;
import io.quorate.events.ChaosEvent;
import io.quorate.events.kafka.KafkaSettings;
import io.quorate.runtime.NodeFiles;
import java.time.Instant;
import java.util.function.Function;

/**
 * Puts one run on the lab's event stream: {@code chaos.run_started}, {@code chaos.fault_applied},
 * {@code fault_failed}, {@code fault_healed} and {@code chaos.run_finished}, through a
 * {@link ChaosEventPublisher} opened when the lab is known and closed when the run is judged. A
 * failure to publish throws; the runner reports it and goes on (events are a view of the run, not
 * part of it).
 */
public final class ChaosEventListener implements RunListener {
    /** The cluster name a lab's nodes are given ({@code ChaosLab} builds every lab as one). */
    static final String LAB_CLUSTER = "lab";

    private final String experiment;
    private final Function<ChaosLab, ChaosEventPublisher> open;
    private ChaosEventPublisher publisher;
    private String run;

    /** @param open the publisher for the lab the run uses (a test passes one of its own) */
    public ChaosEventListener(String experiment, Function<ChaosLab, ChaosEventPublisher> open) {
        this.experiment = experiment;
        this.open = open;
    }

    /** Publishes to the lab's own broker, topic {@value KafkaSettings#DEFAULT_TOPIC}, under the lab's cluster name. */
    public static ChaosEventListener forLab(String experiment) {
        return new ChaosEventListener(experiment, lab -> {
            try {
                return new ChaosEventPublisher(KafkaSettings.of(lab.state().kafka()), KafkaSettings.DEFAULT_TOPIC, clusterOf(lab),
                        System.currentTimeMillis());
            } catch (KafkaSettings.KafkaSettingsException e) {
                throw new IllegalStateException("the lab's Kafka address: " + e.getMessage(), e);
            }
        });
    }

    /** The cluster name in the first node's corosync.conf, so the runner's events carry the nodes' cluster. */
    private static String clusterOf(ChaosLab lab) {
        try {
            return ClusterConfig.load(new NodeFiles(lab.nodeDir(lab.nodeNames().get(0))).corosyncConf()).clusterName();
        } catch (Exception e) {
            return LAB_CLUSTER; // unreadable config: the name every lab is built with
        }
    }

    @Override
    public void runStarted(String run, Experiment experiment, ChaosLab lab, long seed) {
        this.run = run;
        this.publisher = open.apply(lab);
        publisher.publish(new ChaosEvent.RunStarted(run, this.experiment, experiment.title(), seed), Instant.now());
    }

    @Override
    public void faultApplied(FaultRecord fault, Instant at) {
        if (publisher != null) {
            publisher.publish(new ChaosEvent.FaultApplied(run, fault.id(), fault.kind(), fault.summary(), fault.nodes()), at);
        }
    }

    @Override
    public void faultFailed(FaultRecord fault, String error) {
        if (publisher != null) {
            publisher.publish(new ChaosEvent.FaultFailed(run, fault.id(), fault.kind(), fault.summary(), fault.nodes(), error), Instant.now());
        }
    }

    @Override
    public void faultHealed(FaultRecord fault, Instant at) {
        if (publisher != null) {
            publisher.publish(new ChaosEvent.FaultHealed(run, fault.id(), fault.kind(), fault.summary(), fault.nodes()), at);
        }
    }

    @Override
    public void runFinished(RunReport report) {
        if (publisher == null) {
            return; // the lab never came up: no stream to tell
        }
        try {
            publisher.publish(new ChaosEvent.RunFinished(report.run(), experiment, report.verdict().name(), report.reason()), Instant.now());
        } finally {
            publisher.close();
            publisher = null;
        }
    }
}
