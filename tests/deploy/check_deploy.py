#!/usr/bin/python3
"""What can be checked of deploy/ on a machine without Docker or Kubernetes:
every YAML file parses; the Kubernetes objects have what the design promises (3 replicas, gRPC
probes on the health service of the --health_listen port, a Service, a PodDisruptionBudget, a
ConfigMap, a Secret for the database URL and TLS files); every jisrd flag that a manifest, the compose file, the systemd
unit or the Dockerfile passes exists in `jisrd --help`; every package the Dockerfile installs
exists in Debian's package lists; every path it copies exists; its runtime stage installs (or
pulls in) the package of every library jisrd loads.
Usage: check_deploy.py REPO_DIR JISRD_BINARY"""
import glob
import os
import re
import subprocess
import sys
import unittest

import yaml

REPO, JISRD = sys.argv[1], sys.argv[2]
DEPLOY = os.path.join(REPO, "deploy")


def documents():
    out = {}
    for path in sorted(glob.glob(os.path.join(DEPLOY, "**", "*.yaml"), recursive=True)):
        with open(path) as f:
            out[os.path.relpath(path, REPO)] = [d for d in yaml.safe_load_all(f) if d]
    return out


def jisrd_flags():
    help_text = subprocess.run([JISRD, "--helpfull"], capture_output=True, text=True).stdout
    return set(re.findall(r"^\s+--([a-z0-9_]+) \(", help_text, re.M))


class DeployTest(unittest.TestCase):
    def test_every_yaml_file_parses(self):
        docs = documents()
        self.assertGreaterEqual(len(docs), 6, docs.keys())
        for path, parsed in docs.items():
            self.assertTrue(parsed, f"{path} is empty")

    def test_kubernetes_objects_are_what_the_design_promises(self):
        kinds = {}
        for path, parsed in documents().items():
            if "/kubernetes/" in "/" + path:
                for d in parsed:
                    kinds[d["kind"]] = d
        self.assertLessEqual({"Deployment", "Service", "PodDisruptionBudget", "ConfigMap",
                              "Secret"}, set(kinds))
        deployment = kinds["Deployment"]
        self.assertEqual(deployment["spec"]["replicas"], 3)
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        self.assertEqual(container["readinessProbe"]["grpc"]["service"], "jisr.v1.ArticleService")
        self.assertEqual(container["livenessProbe"]["grpc"].get("service", ""), "")
        # Both probes ask jisrd's plaintext health listener (the kubelet's probes do no TLS).
        health = [a for a in container["args"] if a.startswith("--health_listen=")]
        self.assertEqual(len(health), 1, "jisrd in the Deployment has no --health_listen")
        health_port = int(health[0].rsplit(":", 1)[1])
        for probe in ("readinessProbe", "livenessProbe"):
            self.assertEqual(container[probe]["grpc"]["port"], health_port, probe)
        secret_keys = set(kinds["Secret"]["stringData"])
        self.assertLessEqual({"database-url", "tls.crt", "tls.key"}, secret_keys)
        self.assertEqual(kinds["PodDisruptionBudget"]["spec"]["minAvailable"], 2)
        selector = deployment["spec"]["selector"]["matchLabels"]
        self.assertEqual(kinds["Service"]["spec"]["selector"], selector)

    def test_every_flag_passed_to_jisrd_exists(self):
        flags = jisrd_flags()
        self.assertIn("listen", flags)
        used = {}
        # The places that start jisrd (deploy/local drives jisrctl, whose flags differ).
        paths = []
        for part in ("kubernetes", "compose", "systemd", "container"):
            paths += glob.glob(os.path.join(DEPLOY, part, "**", "*"), recursive=True)
        for path in paths:
            if os.path.isdir(path) or path.endswith(".md"):
                continue
            with open(path) as f:
                text = f.read()
            if os.path.basename(path) == "Dockerfile":
                # Only what the image runs jisrd with, not Docker's own instructions.
                text = "\n".join(re.findall(r"^(?:ENTRYPOINT|CMD) .*$", text, re.M))
            for flag in re.findall(r"--([a-z][a-z0-9_]+)=", text):
                used.setdefault(flag, os.path.relpath(path, REPO))
        self.assertIn("database_url", used)
        for flag, where in used.items():
            self.assertIn(flag, flags, f"{where} passes --{flag}, which jisrd does not have")

    def test_dockerfile_installs_real_packages_and_copies_real_paths(self):
        with open(os.path.join(DEPLOY, "container", "Dockerfile")) as f:
            dockerfile = f.read()
        installs = re.findall(r"apt-get install -y --no-install-recommends((?:[^&]|\\\n)+)",
                              dockerfile)
        packages = set()
        for block in installs:
            packages |= {p for p in block.replace("\\\n", " ").split() if not p.startswith("-")}
        self.assertIn("libgrpc++1.51", packages)
        known = subprocess.run(["apt-cache", "show", "--no-all-versions"] + sorted(packages),
                               capture_output=True, text=True).stdout
        found = set(re.findall(r"^Package: (\S+)$", known, re.M))
        missing = sorted(packages - found)
        self.assertEqual(missing, [], "packages the Dockerfile installs that apt does not know")
        for source in re.findall(r"^COPY (?!--from)(\S+)", dockerfile, re.M):
            self.assertTrue(os.path.exists(os.path.join(REPO, source)), source)

    def test_the_runtime_image_has_every_library_jisrd_loads(self):
        # The runtime stage installs libraries by hand; one missing (a new dependency, say)
        # would only show when the image starts. Every library jisrd loads must come from a
        # package that stage installs or one those depend on.
        with open(os.path.join(DEPLOY, "container", "Dockerfile")) as f:
            runtime = f.read().split("FROM debian:bookworm-slim", 1)[1]
        block = re.search(r"apt-get install -y --no-install-recommends((?:[^&]|\\\n)+)", runtime)
        installed = [p for p in block.group(1).replace("\\\n", " ").split()
                     if not p.startswith("-")]
        closure = subprocess.run(
            ["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests",
             "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances"] + installed,
            capture_output=True, text=True).stdout
        available = {line.strip() for line in closure.splitlines() if not line.startswith(" ")}
        loaded = re.findall(r"=> (/\S+) \(", subprocess.run(["ldd", JISRD], capture_output=True,
                                                            text=True).stdout)
        self.assertGreater(len(loaded), 5, "ldd listed no libraries: is JISRD a binary?")
        missing = []
        for library in loaded:
            # dpkg knows a library by one of its two names since /lib moved under /usr.
            owner = ""
            for path in (os.path.realpath(library), library):
                owner = owner or subprocess.run(["dpkg", "-S", path], capture_output=True,
                                                text=True).stdout.split(":")[0]
            if owner not in available:
                missing.append(f"{library} ({owner or 'no package owns it'})")
        self.assertEqual(missing, [], "libraries jisrd loads that the runtime image lacks: add "
                         "their packages to the runtime stage of deploy/container/Dockerfile")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
