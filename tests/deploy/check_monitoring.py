#!/usr/bin/python3
"""The monitoring files of deploy/ against promtool and against each other:
promtool checks the Prometheus configuration and the alert rules and runs the rules' unit tests
(deploy/prometheus/alerts_test.yml); the Grafana dashboard parses and takes its data source as
an input; every metric name a dashboard query or an alert uses, and every label it selects or
groups by, is one docs/metrics.md lists (so a rename in jisrd cannot silently empty a panel or
an alert), and every documented jisr_* metric is on the dashboard; the documented names pass
`promtool check metrics`; the Kubernetes scrape job finds the pods deploy/kubernetes describes.
Exits 77 (CTest's skip) when promtool is missing and everything else passed.
Usage: check_monitoring.py REPO_DIR"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

REPO = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
PROMETHEUS_DIR = os.path.join(REPO, "deploy", "prometheus")
DASHBOARD = os.path.join(REPO, "deploy", "grafana", "jisr-dashboard.json")
METRICS_DOC = os.path.join(REPO, "docs", "metrics.md")
PROMTOOL = shutil.which("promtool") or "/usr/bin/promtool"
HAVE_PROMTOOL = os.access(PROMTOOL, os.X_OK)
NO_PROMTOOL = ("promtool is missing: deploy/local/install-deps --test installs it "
               "(Debian package prometheus)")

# Labels Prometheus adds to every series it scrapes (namespace and pod: the Kubernetes job).
TARGET_LABELS = {"job", "instance", "namespace", "pod"}
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")
PROMQL_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and",
                   "or", "unless", "offset", "atan2", "inf", "nan"}


def documented_metrics(path=METRICS_DOC):
    """{name: (type, [labels])} from the table of docs/metrics.md."""
    metrics = {}
    with open(path) as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 4 and re.fullmatch(r"`[a-zA-Z_:][a-zA-Z0-9_:]*`", cells[0]):
                metrics[cells[0].strip("`")] = (cells[1], re.findall(r"`([^`]+)`", cells[2]))
    return metrics


def metric_selectors(expr):
    """(metric names with the labels their selectors match on, labels grouped by) in a PromQL
    expression."""
    e = re.sub(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`[^`]*`', '""', expr)
    grouping = []
    for clause in re.findall(
            r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)", e):
        grouping += re.findall(r"[a-zA-Z_][a-zA-Z0-9_]*", clause)
    e = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    e = re.sub(r"\[[^\]]*\]", " ", e)  # ranges, subqueries
    # Selectors without a name ({job="x"}) hold no metric name.
    e = re.sub(r"(^|[^\w:\s])\s*\{[^}]*\}", r"\1", e)
    selectors = []
    token = re.compile(r"(?<![\w$.:])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?\s*(\()?")
    for match in token.finditer(e):
        name, matchers, call = match.groups()
        if call or name in PROMQL_KEYWORDS:
            continue
        labels = re.findall(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)", matchers or "")
        selectors.append((name, labels))
    return selectors, grouping


def problems_in(expr, documented, where):
    """What in `expr` is not in docs/metrics.md: unknown names, labels a metric does not have."""
    problems = []
    selectors, grouping = metric_selectors(expr)
    if not selectors:
        problems.append(f"{where}: no metric name found in {expr!r}")
    known_labels = set(TARGET_LABELS)
    for name, labels in selectors:
        base = name
        for suffix in HISTOGRAM_SUFFIXES:
            if name.endswith(suffix) and documented.get(name[:-len(suffix)], ("",))[0] == "histogram":
                base = name[:-len(suffix)]
        if name == "up":
            allowed = set()
        elif base in documented:
            allowed = set(documented[base][1]) | ({"le"} if name.endswith("_bucket") else set())
        else:
            problems.append(f"{where}: {name} is not in docs/metrics.md")
            continue
        known_labels |= allowed
        for label in labels:
            if label not in allowed | TARGET_LABELS:
                problems.append(f"{where}: {name} has no label {label}")
    for label in grouping:
        if label not in known_labels:
            problems.append(f"{where}: groups by {label}, which none of its metrics has")
    return problems


def dashboard():
    with open(DASHBOARD) as f:
        return json.load(f)


def dashboard_panels(board):
    for panel in board["panels"]:
        yield panel
        yield from panel.get("panels", [])


def dashboard_queries(board):
    """(where, PromQL) for every panel target and every template variable's metric."""
    for panel in dashboard_panels(board):
        for target in panel.get("targets", []):
            yield f"dashboard panel {panel['title']!r}", target["expr"]
    for variable in board["templating"]["list"]:
        query = variable["query"]
        query = query["query"] if isinstance(query, dict) else query
        match = re.fullmatch(r"label_values\((.*),\s*([a-zA-Z_]\w*)\)", query.strip())
        if match:
            yield f"dashboard variable {variable['name']}", match.group(1)
        else:
            yield f"dashboard variable {variable['name']}", query


def alert_rules():
    with open(os.path.join(PROMETHEUS_DIR, "alerts.yml")) as f:
        for group in yaml.safe_load(f)["groups"]:
            yield from group["rules"]


def promtool(*args, stdin=None):
    result = subprocess.run([PROMTOOL, *args], input=stdin, capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


class ExtractorTest(unittest.TestCase):
    """The name check must catch what it is for, or it passes whatever the files say."""

    def test_finds_names_labels_and_grouping(self):
        selectors, grouping = metric_selectors(
            'histogram_quantile(0.99, sum by (le, method) (rate(jisr_rpc_server_handling_seconds_'
            'bucket{method=~"Get.*", job="x"}[$__rate_interval] offset 5m))) > 1e3 '
            'and on (instance) up == 1')
        self.assertEqual(selectors, [("jisr_rpc_server_handling_seconds_bucket", ["method", "job"]),
                                     ("up", [])])
        self.assertEqual(grouping, ["le", "method", "instance"])

    def test_reports_a_renamed_metric_and_a_renamed_label(self):
        documented = {"jisr_x_total": ("counter", ["code"])}
        self.assertEqual(problems_in('rate(jisr_x_total{code="OK"}[5m])', documented, "e"), [])
        self.assertEqual(problems_in("rate(jisr_y_total[5m])", documented, "e"),
                         ["e: jisr_y_total is not in docs/metrics.md"])
        self.assertEqual(problems_in('rate(jisr_x_total{grpc_code="OK"}[5m])', documented, "e"),
                         ["e: jisr_x_total has no label grpc_code"])
        self.assertEqual(problems_in("sum by (method) (rate(jisr_x_total[5m]))", documented, "e"),
                         ["e: groups by method, which none of its metrics has"])


class DashboardTest(unittest.TestCase):
    def test_dashboard_parses_and_takes_its_data_source_as_an_input(self):
        board = dashboard()
        self.assertGreaterEqual(board["schemaVersion"], 36)
        self.assertIn("DS_PROMETHEUS", [i["name"] for i in board["__inputs"]])
        ids = [p["id"] for p in dashboard_panels(board)]
        self.assertEqual(len(ids), len(set(ids)), "panel ids repeat")
        for panel in dashboard_panels(board):
            grid = panel["gridPos"]
            self.assertLessEqual(grid["x"] + grid["w"], 24, panel["title"])
            if panel["type"] == "row":
                continue
            self.assertEqual(panel["datasource"]["uid"], "${DS_PROMETHEUS}", panel["title"])
            self.assertTrue(panel["targets"], f"{panel['title']} has no query")
            for target in panel["targets"]:
                self.assertEqual(target["datasource"]["uid"], "${DS_PROMETHEUS}", panel["title"])

    def test_every_documented_jisr_metric_is_on_the_dashboard(self):
        used = set()
        for _, expr in dashboard_queries(dashboard()):
            for name, _ in metric_selectors(expr)[0]:
                used.add(re.sub(r"_(bucket|sum|count)$", "", name))
        missing = sorted(n for n in documented_metrics() if n.startswith("jisr_") and n not in used)
        self.assertEqual(missing, [], "documented metrics no panel shows")


class NamesTest(unittest.TestCase):
    def test_every_metric_and_label_in_dashboard_and_alerts_is_documented(self):
        documented = documented_metrics()
        self.assertGreaterEqual(len(documented), 30)
        problems = []
        for where, expr in dashboard_queries(dashboard()):
            problems += problems_in(expr, documented, where)
        for rule in alert_rules():
            problems += problems_in(rule["expr"], documented, f"alert {rule['alert']}")
        self.assertEqual(problems, [], "rename them here or in docs/metrics.md (and jisrd)")

    @unittest.skipUnless(HAVE_PROMTOOL, NO_PROMTOOL)
    def test_documented_names_pass_promtool_check_metrics(self):
        lines = []
        for name, (kind, labels) in documented_metrics().items():
            self.assertIn(kind, ("counter", "gauge", "histogram"), name)
            lines += [f"# HELP {name} documented in docs/metrics.md", f"# TYPE {name} {kind}"]
            selector = ",".join(f'{label}="x"' for label in labels)
            if kind == "histogram":
                lines += [f'{name}_bucket{{{selector}{"," if selector else ""}le="+Inf"}} 1',
                          f"{name}_sum{{{selector}}} 1", f"{name}_count{{{selector}}} 1"]
            else:
                lines.append(f"{name}{{{selector}}} 1")
        code, output = promtool("check", "metrics", stdin="\n".join(lines) + "\n")
        self.assertEqual((code, output), (0, ""))


class PrometheusTest(unittest.TestCase):
    @unittest.skipUnless(HAVE_PROMTOOL, NO_PROMTOOL)
    def test_configuration_is_valid(self):
        config_path = os.path.join(PROMETHEUS_DIR, "prometheus.yml")
        code, output = promtool("check", "config", config_path)
        if code != 0 and "kubernetes_sd_configs not found" in output:
            # Debian builds Prometheus without Kubernetes discovery: check the rest, and the
            # Kubernetes job against the manifests (KubernetesScrapeTest).
            with open(config_path) as f:
                config = yaml.safe_load(f)
            config["scrape_configs"] = [c for c in config["scrape_configs"]
                                        if "kubernetes_sd_configs" not in c]
            with tempfile.TemporaryDirectory() as tmp:
                shutil.copy(os.path.join(PROMETHEUS_DIR, "alerts.yml"), tmp)
                with open(os.path.join(tmp, "prometheus.yml"), "w") as f:
                    yaml.safe_dump(config, f)
                code, output = promtool("check", "config", os.path.join(tmp, "prometheus.yml"))
        self.assertEqual(code, 0, output)
        self.assertIn("SUCCESS", output)

    @unittest.skipUnless(HAVE_PROMTOOL, NO_PROMTOOL)
    def test_alert_rules_are_valid_and_their_unit_tests_pass(self):
        code, output = promtool("check", "rules", os.path.join(PROMETHEUS_DIR, "alerts.yml"))
        self.assertEqual(code, 0, output)
        code, output = promtool("test", "rules", os.path.join(PROMETHEUS_DIR, "alerts_test.yml"))
        self.assertEqual(code, 0, output)

    def test_every_alert_says_what_it_means_and_what_to_do(self):
        rules = list(alert_rules())
        self.assertGreaterEqual(len(rules), 9)
        for rule in rules:
            self.assertIn(rule["labels"]["severity"], ("page", "ticket"), rule["alert"])
            self.assertTrue(rule["annotations"]["summary"], rule["alert"])
            self.assertGreater(len(rule["annotations"]["description"]), 100, rule["alert"])

    def test_the_unit_tests_cover_the_alerts_the_design_promises(self):
        with open(os.path.join(PROMETHEUS_DIR, "alerts_test.yml")) as f:
            tests = yaml.safe_load(f)["tests"]
        tested = {case["alertname"] for test in tests for case in test["alert_rule_test"]
                  if case.get("exp_alerts")}
        self.assertLessEqual({"JisrHighErrorRatio", "JisrStorageDown", "JisrChangeFeedLagging"},
                             tested)


class KubernetesScrapeTest(unittest.TestCase):
    """The Kubernetes job keeps the pods deploy/kubernetes makes, on the port jisrd serves."""

    def test_scrape_job_finds_the_deployments_metrics_port(self):
        with open(os.path.join(REPO, "deploy", "kubernetes", "deployment.yaml")) as f:
            pod = yaml.safe_load(f)["spec"]["template"]
        annotations = pod["metadata"]["annotations"]
        container = pod["spec"]["containers"][0]
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        flag = [a for a in container["args"] if a.startswith("--metrics_listen=")]
        self.assertEqual(len(flag), 1, "jisrd in the Deployment has no --metrics_listen")
        self.assertEqual(int(flag[0].rsplit(":", 1)[1]), ports["metrics"])
        self.assertEqual(int(annotations["prometheus.io/port"]), ports["metrics"])
        # What the relabelling reads, as Prometheus' Kubernetes discovery names it.
        meta = {"__meta_kubernetes_pod_container_port_name": "metrics"}
        for key, value in pod["metadata"]["labels"].items():
            meta["__meta_kubernetes_pod_label_" + re.sub(r"[^a-zA-Z0-9_]", "_", key)] = value
        for key, value in annotations.items():
            meta["__meta_kubernetes_pod_annotation_" + re.sub(r"[^a-zA-Z0-9_]", "_", key)] = value
        with open(os.path.join(PROMETHEUS_DIR, "prometheus.yml")) as f:
            jobs = {c["job_name"]: c for c in yaml.safe_load(f)["scrape_configs"]}
        keeps = [r for r in jobs["jisr-kubernetes"]["relabel_configs"] if r.get("action") == "keep"]
        self.assertGreaterEqual(len(keeps), 3)
        for rule in keeps:
            value = ";".join(meta.get(label, "") for label in rule["source_labels"])
            self.assertTrue(re.fullmatch(rule["regex"], value), f"{rule} drops the jisr pods")

    def test_compose_targets_are_where_the_replicas_serve_metrics(self):
        with open(os.path.join(REPO, "deploy", "compose", "compose.yaml")) as f:
            services = yaml.safe_load(f)["services"]
        with open(os.path.join(PROMETHEUS_DIR, "prometheus.yml")) as f:
            jobs = {c["job_name"]: c for c in yaml.safe_load(f)["scrape_configs"]}
        targets = jobs["jisr"]["static_configs"][0]["targets"]
        self.assertTrue(targets)
        for target in targets:
            host, port = target.rsplit(":", 1)
            flags = [a for a in services[host]["command"] if a.startswith("--metrics_listen=")]
            self.assertEqual([f.rsplit(":", 1)[1] for f in flags], [port], target)


if __name__ == "__main__":
    result = unittest.main(argv=sys.argv[:1], verbosity=2, exit=False).result
    if not result.wasSuccessful():
        sys.exit(1)
    sys.exit(77 if result.skipped else 0)
