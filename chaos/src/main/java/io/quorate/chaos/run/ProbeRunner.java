package io.quorate.chaos.run;

import io.quorate.chaos.experiment.Probe;
import io.quorate.chaos.lab.ChaosLab;
import io.quorate.chaos.lab.LabCluster;
import io.quorate.events.check.Violation;
import io.quorate.events.replay.ReplayReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks the steady-state hypothesis: node API fields, PromQL queries against the lab's Prometheus,
 * invariants over the event history since the run began.
 */
final class ProbeRunner {
    private final ChaosLab lab;
    private final SelectorResolver selectors;
    private final EventHistory history;
    private final Instant runStart;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ProbeRunner(ChaosLab lab, SelectorResolver selectors, EventHistory history, Instant runStart) {
        this.lab = lab;
        this.selectors = selectors;
        this.history = history;
        this.runStart = runStart;
    }

    List<ProbeResult> checkAll(List<Probe> probes) throws InterruptedException {
        ReplayReport events = null;
        List<ProbeResult> results = new ArrayList<>();
        for (Probe probe : probes) {
            if (probe instanceof Probe.InvariantCheck invariant) {
                if (events == null) {
                    events = history.replay(runStart, Instant.now());
                }
                results.add(invariant(invariant, events));
            } else if (probe instanceof Probe.NodeApi api) {
                results.add(nodeApi(api));
            } else {
                results.add(promQl((Probe.PromQl) probe));
            }
        }
        return results;
    }

    private ProbeResult nodeApi(Probe.NodeApi probe) {
        List<String> nodes;
        try {
            nodes = probe.target().map(s -> List.of(selectors.resolve(s))).orElse(lab.nodeNames());
        } catch (FaultException e) {
            return new ProbeResult(probe.name(), "node-api", false, e.getMessage());
        }
        for (String node : nodes) {
            Optional<JsonObject> reply = LabCluster.get(lab, node, probe.path());
            if (reply.isEmpty()) {
                continue;
            }
            Optional<Object> value = FieldPaths.select(reply.get(), probe.field());
            if (value.isEmpty()) {
                return new ProbeResult(probe.name(), "node-api", false, node + " " + probe.path() + ": no field " + probe.field());
            }
            boolean passed = FieldPaths.matches(value.get(), probe.expected());
            return new ProbeResult(probe.name(), "node-api", passed, node + " " + probe.path() + " " + probe.field() + " = " + value.get()
                    + (passed ? "" : ", expected " + probe.expected()));
        }
        return new ProbeResult(probe.name(), "node-api", false, "no node answered " + probe.path() + " (asked " + nodes + ")");
    }

    private ProbeResult promQl(Probe.PromQl probe) throws InterruptedException {
        String prometheus = lab.state().prometheus();
        if (prometheus == null) {
            return new ProbeResult(probe.name(), "promql", false, "this lab has no Prometheus (install Debian package prometheus)");
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + prometheus + "/api/v1/query?query="
                    + URLEncoder.encode(probe.query(), StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonObject body = new JsonObject(response.body());
            if (!"success".equals(body.getString("status"))) {
                return new ProbeResult(probe.name(), "promql", false, probe.query() + ": " + body.getString("error", response.body()));
            }
            JsonArray result = body.getJsonObject("data").getJsonArray("result");
            if (result.isEmpty()) {
                return new ProbeResult(probe.name(), "promql", false, probe.query() + ": empty result");
            }
            List<String> bad = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (Object entry : result) {
                JsonObject sample = (JsonObject) entry;
                double value = Double.parseDouble(sample.getJsonArray("value").getString(1));
                String label = sample.getJsonObject("metric").getString("node", sample.getJsonObject("metric").encode());
                values.add(label + "=" + value);
                if (!probe.tolerance().accepts(value)) {
                    bad.add(label + "=" + value);
                }
            }
            return new ProbeResult(probe.name(), "promql", bad.isEmpty(), probe.query() + " " + probe.tolerance() + ": "
                    + (bad.isEmpty() ? String.join(", ", values) : "outside: " + String.join(", ", bad)));
        } catch (IOException | RuntimeException e) {
            return new ProbeResult(probe.name(), "promql", false, probe.query() + ": " + e.getMessage());
        }
    }

    private static ProbeResult invariant(Probe.InvariantCheck probe, ReplayReport events) {
        String name = probe.invariant().text();
        List<Violation> violations = events.violations().stream().filter(v -> v.invariant().equals(name)).toList();
        return new ProbeResult(probe.name(), "invariant", violations.isEmpty(), violations.isEmpty()
                ? name + " held over " + events.folded() + " events"
                : violations.size() + " violation(s): " + violations.get(0).message() + " " + violations.get(0).events());
    }
}
