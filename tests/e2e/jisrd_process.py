"""jisrd as a child process for the Python end-to-end tests, with the test credentials. Needs
JISRD (the binary) and JISR_TEST_CREDENTIALS (tests/clients/test_credentials_tool.cc, which
writes a JWKS, the test access policy, jisrd's flags for them and a token per principal) in the
environment; CTest sets both."""
import os
import subprocess
import time

# The principals the test policy names (tests/testing/test_credentials.h), and their roles.
EDITOR = "editor@newsroom.test"    # editor: every language, and stories
ADMIN = "admin@newsroom.test"      # admin: also deletes and back-dated publications
READER = "reader@newsroom.test"    # reader: published content only
DESK_AR = "desk-ar@newsroom.test"  # desk for "ar"; its token's display name is "سارة حداد"
DESK_EN = "desk-en@newsroom.test"  # desk for "en"


def _read_stripped(path):
    """The file's text without surrounding white space; "" while it does not exist."""
    try:
        with open(path) as f:
            return f.read().strip()
    except FileNotFoundError:
        return ""


class TestCredentials:
    """The files jisr_test_credentials writes into `directory` (made fresh: new keys)."""

    def __init__(self, directory):
        tool = os.environ.get("JISR_TEST_CREDENTIALS")
        if not tool:
            raise RuntimeError("JISR_TEST_CREDENTIALS is not set: run this test through CTest")
        os.makedirs(directory, exist_ok=True)
        subprocess.run([tool, directory], check=True)
        self.directory = directory
        with open(os.path.join(directory, "jisrd.flags")) as f:
            self.jisrd_flags = [line.strip() for line in f if line.strip()]

    def token_file(self, principal):
        return os.path.join(self.directory, f"{principal}.token")

    def token(self, principal):
        return _read_stripped(self.token_file(principal))

    def metadata(self, principal):
        """The call metadata that authenticates as `principal`."""
        return (("authorization", f"Bearer {self.token(principal)}"),)


class JisrdProcess:
    """jisrd on a loopback port it picks itself, with its data in `data_dir`, checking bearer
    tokens against the test credentials (self.credentials), with `flags` added."""

    def __init__(self, data_dir, flags=()):
        self.credentials = TestCredentials(os.path.join(data_dir, "credentials"))
        self.port_file = os.path.join(data_dir, "port")
        self.log_path = os.path.join(data_dir, "jisrd.log")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [os.environ["JISRD"], "--listen=127.0.0.1:0", f"--port_file={self.port_file}",
             f"--data_path={os.path.join(data_dir, 'jisr.db')}", *self.credentials.jisrd_flags,
             *flags],
            stderr=self.log)
        deadline = time.time() + 30
        while not _read_stripped(self.port_file):
            if self.process.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"jisrd did not start; see {self.log.name}")
            time.sleep(0.02)
        self.target = f"127.0.0.1:{_read_stripped(self.port_file)}"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
