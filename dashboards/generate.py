#!/usr/bin/env python3
"""Writes the Grafana dashboards of Quorate (dashboards/*.json) from one description.

    python3 dashboards/generate.py           # rewrites the JSON files next to this script
    python3 dashboards/generate.py --check   # exit 1 if a JSON file differs from what it would write

The JSON files are committed as generated; edit this script, not the JSON, and rerun it. Metrics and
their labels: docs/metrics.md. Conventions shared by every dashboard:
- variables `datasource` (Prometheus), `cluster` and `node` (multi, All = .*);
- every node metric is filtered by cluster="$cluster" and node=~"$node", the exporter's and chaos
  runner's metrics by cluster (a target label of their scrape jobs) and, where they have it, node;
- annotations: chaos fault windows and fences, from Prometheus queries.
"""
import json
import os
import sys

DS = {"type": "prometheus", "uid": "${datasource}"}
C = 'cluster="$cluster"'
N = 'cluster="$cluster",node=~"$node"'
SCHEMA_VERSION = 39
HERE = os.path.dirname(os.path.abspath(__file__))

# CRM states of an HA resource, in the order of their codes in the state timelines.
SERVICE_STATES = [
    ("started", "green"), ("stopped", "text"), ("request_start", "yellow"), ("request_stop", "yellow"),
    ("migrate", "blue"), ("relocate", "blue"), ("fence", "orange"), ("recovery", "purple"),
    ("freeze", "light-blue"), ("error", "red"),
]
CRM_STATES = [("master", "green"), ("slave", "blue"), ("wait_for_quorum", "orange"), ("lost_manager_lock", "red")]
LRM_STATES = [("active", "green"), ("wait_for_agent_lock", "blue"), ("maintenance", "yellow"), ("lost_agent_lock", "red")]
QUORATE_MAPPING = [("0", "no quorum", "red"), ("1", "quorate", "green")]
YES_NO_MAPPING = [("0", "no", "text"), ("1", "yes", "green")]


# ------------------------------------------------------------------------------------------ queries

def q(expr, legend="", instant=False):
    """A Prometheus target; refIds are assigned per panel."""
    target = {"datasource": DS, "editorMode": "code", "expr": expr, "legendFormat": legend or "__auto"}
    if instant:
        target.update({"instant": True, "range": False, "format": "table"})
    else:
        target.update({"instant": False, "range": True})
    return target


def one_hot(metric, selector, states, by):
    """The code (1..n) of the state whose one-hot series is 1, per `by`; 0 for a state not listed."""
    parts = [f'{metric}{{{selector},state="{state}"}} * {code}' for code, (state, _) in enumerate(states, 1)]
    return f"max by ({by}) (\n  " + "\n  or ".join(parts) + "\n)"


def state_mapping(states):
    options = {"0": {"text": "other", "color": "text", "index": 0}}
    for code, (state, color) in enumerate(states, 1):
        options[str(code)] = {"text": state, "color": color, "index": code}
    return [{"type": "value", "options": options}]


def value_mapping(values):
    return [{"type": "value", "options": {v: {"text": t, "color": c, "index": i} for i, (v, t, c) in enumerate(values)}}]


def thresholds(*steps):
    """thresholds("green", 60, "red"): green below 60, red from 60."""
    out = [{"color": steps[0], "value": None}]
    for i in range(1, len(steps), 2):
        out.append({"color": steps[i + 1], "value": steps[i]})
    return {"mode": "absolute", "steps": out}


# ------------------------------------------------------------------------------------------- panels

def panel(kind, title, targets, unit="short", description="", mappings=None, steps=None, options=None,
          custom=None, overrides=None, transformations=None, min_value=None, decimals=None):
    defaults = {"unit": unit, "mappings": mappings or [], "thresholds": steps or thresholds("green")}
    if custom is not None:
        defaults["custom"] = custom
    if min_value is not None:
        defaults["min"] = min_value
    if decimals is not None:
        defaults["decimals"] = decimals
    p = {"type": kind, "title": title, "description": description, "datasource": DS,
         "fieldConfig": {"defaults": defaults, "overrides": overrides or []},
         "options": options or {}, "targets": targets}
    if transformations:
        p["transformations"] = transformations
    return p


def timeseries(title, targets, unit="short", description="", bars=False, stack=False, steps=None, min_value=None,
               legend_table=False):
    custom = {"drawStyle": "bars" if bars else "line", "lineWidth": 1, "fillOpacity": 60 if bars else 10,
              "showPoints": "never", "spanNulls": False, "stacking": {"mode": "normal" if stack else "none"},
              "thresholdsStyle": {"mode": "line" if steps else "off"}}
    options = {"legend": {"displayMode": "table" if legend_table else "list", "placement": "bottom",
                          "showLegend": True, "calcs": ["lastNotNull", "max"] if legend_table else []},
               "tooltip": {"mode": "multi", "sort": "desc"}}
    return panel("timeseries", title, targets, unit, description, steps=steps, options=options, custom=custom,
                 min_value=min_value)


def stat(title, targets, unit="short", description="", mappings=None, steps=None, text_mode="auto", graph=True,
         decimals=None):
    options = {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
               "colorMode": "value", "graphMode": "area" if graph else "none", "textMode": text_mode,
               "orientation": "auto", "justifyMode": "auto"}
    return panel("stat", title, targets, unit, description, mappings=mappings, steps=steps, options=options,
                 decimals=decimals)


def state_timeline(title, targets, mappings, description=""):
    options = {"showValue": "auto", "mergeValues": True, "alignValue": "left", "rowHeight": 0.9,
               "legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
               "tooltip": {"mode": "single", "sort": "none"}}
    return panel("state-timeline", title, targets, "short", description, mappings=mappings,
                 steps=thresholds("text"), options=options, custom={"fillOpacity": 80, "lineWidth": 0})


def bargauge(title, targets, unit="short", description="", steps=None):
    options = {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
               "displayMode": "gradient", "orientation": "horizontal", "showUnfilled": True, "valueMode": "color"}
    return panel("bargauge", title, targets, unit, description, steps=steps, options=options)


def table(title, targets, columns, description="", units=None, mappings=None):
    """Instant queries merged into one row per shared label set; `columns` renames 'Value #<refId>'
    (None hides the value: the query is there for its labels)."""
    rename = {f"Value #{ref}": name for ref, name in columns.items() if name}
    hidden = {"Time": True}
    hidden.update({f"Value #{ref}": True for ref, name in columns.items() if not name})
    overrides = []
    for name, unit in (units or {}).items():
        overrides.append({"matcher": {"id": "byName", "options": name},
                          "properties": [{"id": "unit", "value": unit}]})
    for name, mapping in (mappings or {}).items():
        overrides.append({"matcher": {"id": "byName", "options": name},
                          "properties": [{"id": "mappings", "value": mapping}]})
    transformations = [{"id": "merge", "options": {}},
                       {"id": "organize", "options": {"excludeByName": hidden, "renameByName": rename}}]
    options = {"showHeader": True, "cellHeight": "sm", "footer": {"show": False, "reducer": ["sum"], "fields": ""}}
    return panel("table", title, targets, "short", description, options=options, overrides=overrides,
                 transformations=transformations)


# --------------------------------------------------------------------------------------- dashboards

def variable_query(name, label, query, multi, include_all=False, all_value=None):
    return {"name": name, "label": label, "type": "query", "datasource": DS,
            "definition": query, "query": {"qryType": 1, "query": query, "refId": "PrometheusVariableQueryEditor-VariableQuery"},
            "refresh": 2, "sort": 1, "multi": multi, "includeAll": include_all, "allValue": all_value,
            "current": {}, "options": [], "hide": 0, "regex": "", "skipUrlSync": False}


def base_variables():
    return [
        {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus",
         "current": {}, "options": [], "hide": 0, "refresh": 1, "regex": "", "multi": False, "includeAll": False,
         "skipUrlSync": False},
        variable_query("cluster", "Cluster", "label_values(quorate_quorate, cluster)", False),
        variable_query("node", "Node", 'label_values(quorate_quorate{cluster="$cluster"}, node)', True, True, ".*"),
    ]


def annotation(name, expr, color, title, text, tags):
    # top-level fields are Grafana's classic Prometheus annotation; `target` its current form
    return {"name": name, "datasource": DS, "enable": True, "hide": False, "iconColor": color,
            "expr": expr, "step": "15s", "titleFormat": title, "textFormat": text, "tagKeys": tags,
            "useValueForTime": False, "target": {"expr": expr, "refId": "Anno", "interval": "15s"}}


def annotations():
    return {"list": [
        {"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": True, "hide": True,
         "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts", "type": "dashboard"},
        annotation("Chaos faults", f"quorate_chaos_fault_active{{{C}}} == 1", "orange",
                   "fault {{fault}}", "experiment {{experiment}}", "experiment,fault"),
        annotation("Fences (nodes)", f"quorate_fence_in_progress{{{C}}} == 1", "red",
                   "fence of {{target}}", "reported by {{node}}", "target"),
        annotation("Fences (stream)", f"quorate_exporter_fence_in_progress{{{C}}} == 1", "dark-red",
                   "fence of {{target}} (stream)", "seen by the cluster exporter", "target"),
    ]}


def layout(rows):
    """rows: [(height, [(width, panel), ...]), ...] -> panels with ids, gridPos and refIds."""
    panels, y, next_id = [], 0, 1
    for height, row in rows:
        x = 0
        for width, p in row:
            p = dict(p)
            p["id"] = next_id
            p["gridPos"] = {"h": height, "w": width, "x": x, "y": y}
            for i, target in enumerate(p["targets"]):
                target["refId"] = chr(ord("A") + i)
            next_id += 1
            x += width
            panels.append(p)
        assert x <= 24, f"row wider than 24: {[p['title'] for _, p in row]}"
        y += height
    return panels


def dashboard(uid, title, description, rows, extra_variables=()):
    return {
        "id": None, "uid": uid, "title": title, "description": description, "tags": ["quorate"],
        "editable": True, "graphTooltip": 1, "timezone": "browser", "fiscalYearStartMonth": 0, "liveNow": False,
        "refresh": "30s", "schemaVersion": SCHEMA_VERSION, "version": 1, "weekStart": "",
        "time": {"from": "now-6h", "to": "now"}, "timepicker": {},
        "links": [{"title": "Quorate dashboards", "type": "dashboards", "tags": ["quorate"], "asDropdown": True,
                   "includeVars": True, "keepTime": True, "icon": "external link", "targetBlank": False,
                   "tooltip": "", "url": ""}],
        "annotations": annotations(),
        "templating": {"list": base_variables() + list(extra_variables)},
        "panels": layout(rows),
    }


# -------------------------------------------------------------------------------- the dashboards

def overview():
    return dashboard("quorate-overview", "Quorate / Cluster overview",
                     "Quorum, votes, membership and every node at a glance.", [
        (5, [
            (4, stat("Quorum (worst node)", [q(f"min(quorate_quorate{{{N}}})")],
                     mappings=value_mapping(QUORATE_MAPPING), steps=thresholds("red", 1, "green"), graph=False,
                     description="0 as soon as one selected node is outside a quorate partition.")),
            (3, stat("Quorate nodes", [q(f"sum(quorate_quorate{{{N}}})")], graph=False)),
            (3, stat("Members in view", [q(f"max(quorate_members{{{N}}})")], graph=False)),
            (6, stat("Votes", [q(f"max by (type) (quorate_quorum_votes{{{N}}})", "{{type}}")], graph=False,
                     description="votequorum's figures, as corosync-quorumtool -s shows them.")),
            (4, stat("CRM master", [q(f"max by (node) (quorate_ha_crm_master{{{N}}}) == 1", "{{node}}")],
                     text_mode="name", graph=False)),
            (4, stat("Majority quorate (stream)", [q(f"quorate_exporter_quorate{{{C}}}")],
                     mappings=value_mapping(QUORATE_MAPPING), steps=thresholds("red", 1, "green"), graph=False,
                     description="The cluster exporter's verdict from the Kafka topic; works while nodes are partitioned.")),
        ]),
        (7, [
            (12, state_timeline("Quorate per node", [q(f"max by (node) (quorate_quorate{{{N}}})", "{{node}}")],
                                value_mapping(QUORATE_MAPPING))),
            (12, timeseries("Ring sequence", [q(f"max by (node) (quorate_ring_sequence{{{N}}})", "{{node}}")],
                            description="Grows with every membership view; nodes that agree show one line.")),
        ]),
        (8, [
            (8, timeseries("View changes", [q(f"sum by (node) (increase(quorate_view_changes_total{{{N}}}[$__rate_interval]))",
                                              "{{node}}")], bars=True)),
            (8, timeseries("Quorum gained / lost",
                           [q(f"sum by (node, to) (increase(quorate_quorum_transitions_total{{{N}}}[$__rate_interval]))",
                              "{{node}} {{to}}")], bars=True)),
            (8, timeseries("Last event on the stream", [q(f"quorate_exporter_node_last_event_seconds{{{N}}}", "{{node}}")],
                           unit="s", steps=thresholds("green", 60, "red"),
                           description="Seconds since the Kafka topic carried an event of the node (cluster exporter).")),
        ]),
        (9, [
            (24, table("Nodes", [
                q(f"max by (node) (quorate_quorate{{{N}}})", instant=True),
                q(f"max by (node) (quorate_members{{{N}}})", instant=True),
                q(f"max by (node) (quorate_ring_sequence{{{N}}})", instant=True),
                q(f"max by (node) (quorate_config_version{{{N}}})", instant=True),
                q(f'max by (node, crm) (label_replace(quorate_ha_crm_state{{{N}}} == 1, "crm", "$1", "state", "(.*)"))',
                  instant=True),
                q(f'max by (node, lrm) (label_replace(quorate_ha_lrm_state{{{N}}} == 1, "lrm", "$1", "state", "(.*)"))',
                  instant=True),
                q(f"max by (node) (quorate_watchdog_armed{{{N}}})", instant=True),
                q(f"max by (node, version) (quorate_build_info{{{N}}})", instant=True),
                q(f"max by (node) (process_uptime_seconds{{{N}}})", instant=True),
                q(f"max by (node) (quorate_exporter_node_last_event_seconds{{{N}}})", instant=True),
            ], {"A": "quorate", "B": "members", "C": "ring seq", "D": "config version", "E": None, "F": None,
                "G": "watchdog armed", "H": None, "I": "uptime", "J": "last event on stream"},
                units={"uptime": "s", "last event on stream": "s"},
                mappings={"quorate": value_mapping(QUORATE_MAPPING), "watchdog armed": value_mapping(YES_NO_MAPPING)})),
        ]),
    ])


def membership():
    rtt = "quorate_heartbeat_rtt_seconds"
    return dashboard("quorate-membership", "Quorate / Quorum & membership",
                     "Heartbeats, views, flapping and votes.", [
        (8, [
            (12, timeseries("Heartbeat RTT p99", [q(
                f"histogram_quantile(0.99, sum by (node, peer, le) (rate({rtt}_bucket{{{N}}}[$__rate_interval])))",
                "{{node}} → {{peer}}")], unit="s")),
            (12, timeseries("Heartbeat RTT p50", [q(
                f"histogram_quantile(0.5, sum by (node, peer, le) (rate({rtt}_bucket{{{N}}}[$__rate_interval])))",
                "{{node}} → {{peer}}")], unit="s")),
        ]),
        (8, [
            (8, timeseries("Heartbeats received", [q(
                f"sum by (node, peer) (rate({rtt}_count{{{N}}}[$__rate_interval]))", "{{node}} ← {{peer}}")], unit="ops")),
            (8, timeseries("Member last seen (heartbeats)", [q(
                f"max by (node, member) (quorate_member_last_seen_seconds{{{N}}})", "{{node}} hears {{member}}")],
                unit="s", description="Only members of the node's current view; a node that left the view is on the stream panel.")),
            (8, timeseries("Last event on the stream", [q(
                f"quorate_exporter_node_last_event_seconds{{{N}}}", "{{node}}")], unit="s",
                steps=thresholds("green", 60, "red"), description="QuorateNodeNotHeardFrom fires above 60 s.")),
        ]),
        (8, [
            (8, timeseries("View changes in 15 min", [q(
                f"sum by (node) (increase(quorate_view_changes_total{{{N}}}[15m]))", "{{node}}")],
                steps=thresholds("green", 6, "red"), description="QuorateMembershipFlapping fires above 6.")),
            (8, timeseries("Quorum gained / lost", [q(
                f"sum by (node, to) (increase(quorate_quorum_transitions_total{{{N}}}[$__rate_interval]))",
                "{{node}} {{to}}")], bars=True)),
            (8, timeseries("Members in view", [q(f"max by (node) (quorate_members{{{N}}})", "{{node}}")],
                           min_value=0)),
        ]),
        (8, [
            (8, timeseries("Votes", [q(f"max by (node, type) (quorate_quorum_votes{{{N}}})", "{{node}} {{type}}")],
                           min_value=0)),
            (8, state_timeline("Quorate per node", [q(f"max by (node) (quorate_quorate{{{N}}})", "{{node}}")],
                               value_mapping(QUORATE_MAPPING))),
            (8, table("Member votes", [q(f"max by (node, member, local) (quorate_member_votes{{{N}}})", instant=True)],
                      {"A": "votes"})),
        ]),
    ])


def ha():
    r = f'{N},sid=~"$sid"'
    fail = "quorate_exporter_failover_seconds"
    fence = "quorate_fence_duration_seconds"
    sid_var = variable_query("sid", "Resource", 'label_values(quorate_ha_resource_state{cluster="$cluster"}, sid)',
                             True, True, ".*")
    return dashboard("quorate-ha", "Quorate / HA", "HA resources, failovers, fences and watchdogs.", [
        (5, [
            (4, stat("Resources", [q(f"count(max by (sid) (quorate_ha_resource_state{{{r}}}))")], graph=False)),
            (4, stat("Started", [q(f'count(max by (sid) (quorate_ha_resource_state{{{r},state="started"}}) == 1) or vector(0)')],
                     graph=False)),
            (4, stat("In error", [q(f'count(max by (sid) (quorate_ha_resource_state{{{r},state="error"}}) == 1) or vector(0)')],
                     steps=thresholds("green", 1, "red"), graph=False)),
            (4, stat("CRM master", [q(f"max by (node) (quorate_ha_crm_master{{{N}}}) == 1", "{{node}}")],
                     text_mode="name", graph=False)),
            (4, stat("Failovers", [q(f'sum(increase({fail}_count{{{C},sid=~"$sid"}}[$__range])) or vector(0)')],
                     graph=False, decimals=0, description="Measured across nodes by the cluster exporter, in the time range.")),
            (4, stat("Fences", [q(f"sum(increase(quorate_fences_total{{{N}}}[$__range])) or vector(0)")], graph=False,
                     decimals=0, description="Fence attempts that ended in the time range.")),
        ]),
        (10, [
            (16, state_timeline("Resource states", [q(one_hot("quorate_ha_resource_state", r, SERVICE_STATES, "sid"),
                                                       "{{sid}}")], state_mapping(SERVICE_STATES),
                                description="The CRM state of each resource; stopped and error resources stay visible.")),
            (8, timeseries("Resources per state", [q(
                f"count by (state) (max by (sid, state) (quorate_ha_resource_state{{{r}}}) == 1)", "{{state}}")],
                stack=True, min_value=0)),
        ]),
        (8, [
            (8, bargauge("Mean failover time per resource", [q(
                f'sum by (sid) (increase({fail}_sum{{{C},sid=~"$sid"}}[$__range])) / sum by (sid) (increase({fail}_count{{{C},sid=~"$sid"}}[$__range]))',
                "{{sid}}")], unit="s", steps=thresholds("green", 120, "orange", 300, "red"),
                description="Fault to running again elsewhere, in the time range (cluster exporter).")),
            (8, timeseries("Failover time p95", [q(
                f'histogram_quantile(0.95, sum by (le) (rate({fail}_bucket{{{C},sid=~"$sid"}}[$__rate_interval])))', "p95"),
                q(f'histogram_quantile(0.5, sum by (le) (rate({fail}_bucket{{{C},sid=~"$sid"}}[$__rate_interval])))', "p50")],
                unit="s")),
            (8, timeseries("Fence duration", [q(
                f"histogram_quantile(0.95, sum by (le) (rate({fence}_bucket{{{N}}}[$__rate_interval])))", "p95"),
                q(f"sum(rate({fence}_sum{{{N}}}[$__rate_interval])) / sum(rate({fence}_count{{{N}}}[$__rate_interval]))",
                  "mean")], unit="s", description="Fence request to proof (power off read back, or agent lock taken).")),
        ]),
        (8, [
            (8, timeseries("Fences", [q(
                f"sum by (target, result) (increase(quorate_fences_total{{{N}}}[$__rate_interval]))",
                "{{target}} {{result}}")], bars=True)),
            (8, timeseries("Restarts", [q(
                f"sum by (sid) (increase(quorate_ha_restarts_total{{{r}}}[$__rate_interval]))", "{{sid}}")], bars=True)),
            (8, timeseries("Migrations and relocations", [q(
                f"sum by (sid) (increase(quorate_ha_relocations_total{{{r}}}[$__rate_interval]))", "{{sid}}")], bars=True)),
        ]),
        (8, [
            (8, timeseries("Watchdog: time to expiry", [q(
                f"quorate_watchdog_expiry_seconds{{{N}}} and quorate_watchdog_armed{{{N}}} == 1", "{{node}}")],
                unit="s", min_value=0, description="A healthy node feeds it at least every third of the timeout.")),
            (8, state_timeline("CRM state", [q(one_hot("quorate_ha_crm_state", N, CRM_STATES, "node"), "{{node}}")],
                               state_mapping(CRM_STATES))),
            (8, state_timeline("LRM state", [q(one_hot("quorate_ha_lrm_state", N, LRM_STATES, "node"), "{{node}}")],
                               state_mapping(LRM_STATES))),
        ]),
        (9, [
            (16, table("Resources now", [
                q(f'max by (sid, state) (quorate_ha_resource_state{{{r}}}) == 1', instant=True),
                q(f'max by (sid, on) (quorate_ha_resource_node{{{r}}}) == 1', instant=True),
            ], {"A": None, "B": None},
                description="state and placement per resource, as the nodes report them.")),
            (8, table("Fences in progress", [
                q(f"max by (target) (quorate_fence_in_progress{{{N}}})", instant=True),
                q(f"max by (target) (quorate_exporter_fence_in_progress{{{C}}})", instant=True),
            ], {"A": "nodes say", "B": "stream says"},
                mappings={"nodes say": value_mapping(YES_NO_MAPPING), "stream says": value_mapping(YES_NO_MAPPING)})),
        ]),
    ], extra_variables=[sid_var])


def config():
    commit = "quorate_config_commit_seconds"
    rejected = "quorate_config_writes_rejected_total"
    return dashboard("quorate-config", "Quorate / Config sync",
                     "The replicated config tree: versions, commit latency, refused writes, locks.", [
        (5, [
            (6, stat("Config version (newest)", [q(f"max(quorate_config_version{{{N}}})")], graph=False)),
            (6, stat("Nodes behind", [q(
                f"count(quorate_config_version{{{N}}} < scalar(max(quorate_config_version{{{N}}}))) or vector(0)")],
                steps=thresholds("green", 1, "orange"), graph=False)),
            (6, stat("Commits", [q(f"sum(rate({commit}_count{{{N}}}[$__rate_interval]))")], unit="ops")),
            (6, stat("Refused writes", [q(f"sum(increase({rejected}{{{N}}}[$__range])) or vector(0)")], decimals=0,
                     steps=thresholds("green", 1, "orange"), graph=False, description="In the time range.")),
        ]),
        (8, [
            (12, timeseries("Config version per node", [q(f"max by (node) (quorate_config_version{{{N}}})", "{{node}}")])),
            (12, timeseries("Versions behind the newest node", [q(
                f"scalar(max(quorate_config_version{{{N}}})) - max by (node) (quorate_config_version{{{N}}})", "{{node}}")],
                min_value=0, description="A node that stays behind is catching up, partitioned or stuck.")),
        ]),
        (8, [
            (12, timeseries("Commit latency", [
                q(f"histogram_quantile({p}, sum by (le) (rate({commit}_bucket{{{N}}}[$__rate_interval])))", f"p{int(p * 100)}")
                for p in (0.5, 0.95, 0.99)], unit="s", description="Proposal to commit, as the nodes saw it.")),
            (12, timeseries("Commit latency p95 per node", [q(
                f"histogram_quantile(0.95, sum by (node, le) (rate({commit}_bucket{{{N}}}[$__rate_interval])))",
                "{{node}}")], unit="s")),
        ]),
        (9, [
            (8, timeseries("Refused writes by reason", [q(
                f"sum by (reason) (increase({rejected}{{{N}}}[$__rate_interval]))", "{{reason}}")], bars=True, stack=True)),
            (8, bargauge("Refused writes per node and reason", [q(
                f"sum by (node, reason) (increase({rejected}{{{N}}}[$__range]))", "{{node}} {{reason}}")],
                steps=thresholds("green", 1, "orange"), description="In the time range.")),
            (8, table("Cluster locks", [q(f"max by (lock, holder) (quorate_lock_held{{{N}}}) == 1", instant=True)],
                      {"A": "held"})),
        ]),
    ])


def events():
    latency = "quorate_events_publish_latency_seconds"
    return dashboard("quorate-events", "Quorate / Event bus",
                     "Events emitted, spooled and published to Kafka; what the cluster exporter reads.", [
        (5, [
            (4, stat("Kafka configured", [q(f"min(quorate_events_kafka_configured{{{N}}})")],
                     mappings=value_mapping(YES_NO_MAPPING), graph=False)),
            (5, stat("Spooled records (lag)", [q(f"sum(quorate_events_spool_records{{{N}}})")])),
            (5, stat("Since last confirmation", [q(
                f"max(time() - quorate_events_last_published_timestamp_seconds{{{N}}} and quorate_events_kafka_configured{{{N}}} == 1)")],
                unit="s", steps=thresholds("green", 120, "red"), graph=False)),
            (5, stat("Dropped", [q(f"sum(increase(quorate_events_dropped_total{{{N}}}[$__range])) or vector(0)")],
                     decimals=0, steps=thresholds("green", 1, "red"), graph=False,
                     description="Heartbeat samples dropped over the spool's bound, in the time range; should stay 0.")),
            (5, stat("Consumed by the exporter", [q(f"sum(rate(quorate_exporter_events_consumed_total{{{C}}}[$__rate_interval]))")],
                     unit="ops")),
        ]),
        (8, [
            (12, timeseries("Emitted by family", [q(
                f"sum by (family) (rate(quorate_events_emitted_total{{{N}}}[$__rate_interval]))", "{{family}}")],
                unit="ops", stack=True)),
            (12, timeseries("Emitted and published per node", [
                q(f"sum by (node) (rate(quorate_events_emitted_total{{{N}}}[$__rate_interval]))", "{{node}} emitted"),
                q(f"sum by (node) (rate(quorate_events_published_total{{{N}}}[$__rate_interval]))", "{{node}} published")],
                unit="ops")),
        ]),
        (8, [
            (8, timeseries("Spooled records (lag)", [q(f"max by (node) (quorate_events_spool_records{{{N}}})", "{{node}}")],
                           min_value=0, steps=thresholds("green", 1000, "orange"))),
            (8, timeseries("Spool size", [q(f"max by (node) (quorate_events_spool_bytes{{{N}}})", "{{node}}")],
                           unit="bytes", min_value=0)),
            (8, timeseries("Since last broker confirmation", [q(
                f"time() - quorate_events_last_published_timestamp_seconds{{{N}}} and quorate_events_kafka_configured{{{N}}} == 1",
                "{{node}}")], unit="s", steps=thresholds("green", 120, "red"))),
        ]),
        (8, [
            (8, timeseries("Publish latency", [q(f"max by (node, quantile) ({latency}{{{N}}})", "{{node}} q{{quantile}}")],
                           unit="s", description="Spool append to broker confirmation, over the publisher's recent records.")),
            (8, timeseries("Dropped and failed sends", [
                q(f"sum by (node) (increase(quorate_events_dropped_total{{{N}}}[$__rate_interval]))", "{{node}} dropped"),
                q(f"sum by (node) (increase(quorate_events_publish_failures_total{{{N}}}[$__rate_interval]))",
                  "{{node}} failed sends")], bars=True)),
            (8, state_timeline("Spool over its bound", [q(f"max by (node) (quorate_events_spool_over_bound{{{N}}})", "{{node}}")],
                               value_mapping([("0", "within", "green"), ("1", "over bound", "red")]))),
        ]),
        (8, [
            (8, timeseries("Exporter: events consumed", [q(
                f"sum(rate(quorate_exporter_events_consumed_total{{{C}}}[$__rate_interval]))", "consumed")], unit="ops")),
            (8, timeseries("Exporter: foreign or malformed records", [q(
                f"sum(increase(quorate_exporter_bad_records_total{{{C}}}[$__rate_interval]))", "bad records")], bars=True)),
            (8, timeseries("Exporter: last event per node", [q(
                f"quorate_exporter_node_last_event_seconds{{{N}}}", "{{node}}")], unit="s",
                steps=thresholds("green", 60, "red"))),
        ]),
    ])


def chaos():
    x = f'{C},experiment=~"$experiment"'
    runs = "quorate_chaos_runs_total"
    exp_var = variable_query("experiment", "Experiment",
                             'label_values(quorate_chaos_runs_total{cluster="$cluster"}, experiment)', True, True, ".*")
    return dashboard("quorate-chaos", "Quorate / Chaos", "Experiment runs, verdicts, fault windows and recovery times.", [
        (5, [
            (8, stat("Runs by verdict", [q(f"sum by (verdict) (increase({runs}{{{x}}}[$__range]))", "{{verdict}}")],
                     decimals=0, graph=False, description="In the time range.")),
            (5, stat("Faults active", [q(f"sum(quorate_chaos_fault_active{{{x}}})")], steps=thresholds("green", 1, "orange"),
                     graph=False)),
            (5, stat("Invariant violations", [q(
                f"sum(increase(quorate_exporter_invariant_violations_total{{{C}}}[$__range])) or vector(0)")],
                decimals=0, steps=thresholds("green", 1, "red"), graph=False, description="Seen in the event stream, in the time range.")),
            (6, stat("Worst recovery (last runs)", [q(f"max(quorate_chaos_recovery_seconds{{{x}}})")], unit="s",
                     graph=False)),
        ]),
        (8, [
            (12, timeseries("Runs", [q(f"sum by (experiment, verdict) (increase({runs}{{{x}}}[$__rate_interval]))",
                                       "{{experiment}} {{verdict}}")], bars=True, stack=True)),
            (12, state_timeline("Fault windows", [q(f"max by (experiment, fault) (quorate_chaos_fault_active{{{x}}})",
                                                    "{{experiment}} {{fault}}")],
                                value_mapping([("0", "-", "transparent"), ("1", "active", "orange")]))),
        ]),
        (8, [
            (12, bargauge("Recovery time of the last run", [q(
                f"max by (experiment, sid) (quorate_chaos_recovery_seconds{{{x}}})", "{{experiment}} {{sid}}")],
                unit="s", steps=thresholds("green", 60, "orange", 180, "red"),
                description="Fault to recovery per resource, from each experiment's last run.")),
            (12, timeseries("Recovery time", [q(f"max by (experiment, sid) (quorate_chaos_recovery_seconds{{{x}}})",
                                                "{{experiment}} {{sid}}")], unit="s")),
        ]),
        (9, [
            (12, table("Experiments", [
                q(f"max by (experiment) (time() - quorate_chaos_last_run_timestamp_seconds{{{x}}})", instant=True),
                q(f'sum by (experiment) (increase({runs}{{{x},verdict="passed"}}[$__range]))', instant=True),
                q(f'sum by (experiment) (increase({runs}{{{x},verdict="failed"}}[$__range]))', instant=True),
                q(f'sum by (experiment) (increase({runs}{{{x},verdict="aborted"}}[$__range]))', instant=True),
            ], {"A": "last run (ago)", "B": "passed", "C": "failed", "D": "aborted"}, units={"last run (ago)": "s"})),
            (12, timeseries("Invariant violations by check", [q(
                f"sum by (check) (increase(quorate_exporter_invariant_violations_total{{{C}}}[$__rate_interval]))",
                "{{check}}")], bars=True)),
        ]),
    ], extra_variables=[exp_var])


def runtime():
    return dashboard("quorate-runtime", "Quorate / Node runtime", "JVM, process and scrape health of the nodes.", [
        (8, [
            (8, timeseries("Heap used", [q(f'sum by (node) (jvm_memory_used_bytes{{{N},area="heap"}})', "{{node}}")],
                           unit="bytes", min_value=0)),
            (8, timeseries("Non-heap used", [q(f'sum by (node) (jvm_memory_used_bytes{{{N},area="nonheap"}})', "{{node}}")],
                           unit="bytes", min_value=0)),
            (8, timeseries("Live threads", [q(f"max by (node) (jvm_threads_live_threads{{{N}}})", "{{node}}")],
                           min_value=0)),
        ]),
        (8, [
            (8, timeseries("Process CPU", [q(f"max by (node) (process_cpu_usage{{{N}}})", "{{node}}")],
                           unit="percentunit", min_value=0)),
            (8, timeseries("Time in GC pauses", [q(
                f"sum by (node) (rate(jvm_gc_pause_seconds_sum{{{N}}}[$__rate_interval]))", "{{node}}")],
                unit="percentunit", min_value=0)),
            (8, timeseries("GC pauses", [q(
                f"sum by (node) (rate(jvm_gc_pause_seconds_count{{{N}}}[$__rate_interval]))", "{{node}}")], unit="ops")),
        ]),
        (8, [
            (8, timeseries("Scrape duration", [q('scrape_duration_seconds{job=~"quorate.*"}', "{{job}} {{instance}}")],
                           unit="s", steps=thresholds("green", 0.02, "orange"),
                           description="Goal for a node's /metrics: 20 ms with 1,000 HA resources.")),
            (8, timeseries("Series per scrape", [q('scrape_samples_scraped{job=~"quorate.*"}', "{{job}} {{instance}}")])),
            (8, table("Versions and uptime", [
                q(f"max by (node, version) (quorate_build_info{{{N}}})", instant=True),
                q(f"max by (node) (process_uptime_seconds{{{N}}})", instant=True),
            ], {"A": None, "B": "uptime"}, units={"uptime": "s"})),
        ]),
        (6, [
            (24, state_timeline("Scrape targets", [q('min by (job, instance) (up{job=~"quorate.*"})', "{{job}} {{instance}}")],
                                value_mapping([("0", "down", "red"), ("1", "up", "green")]))),
        ]),
    ])


DASHBOARDS = {
    "quorate-overview.json": overview,
    "quorate-membership.json": membership,
    "quorate-ha.json": ha,
    "quorate-config.json": config,
    "quorate-events.json": events,
    "quorate-chaos.json": chaos,
    "quorate-runtime.json": runtime,
}

def render(build):
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    check = sys.argv[1:] == ["--check"]
    stale = []
    for name, build in DASHBOARDS.items():
        path = os.path.join(HERE, name)
        text = render(build)
        if check:
            with open(path, encoding="utf-8") as current:
                if current.read() != text:
                    stale.append(name)
        else:
            with open(path, "w", encoding="utf-8") as out:
                out.write(text)
            print("wrote", os.path.join("dashboards", name))
    if stale:
        sys.exit("not as generated (edit dashboards/generate.py and rerun it): " + ", ".join(stale))
