"""jisrd as a child process for the Python end-to-end tests. Needs JISRD (the binary) in the
environment; CTest sets it."""
import os
import subprocess
import time


class JisrdProcess:
    """jisrd on a loopback port it picks itself, with its data in `data_dir`."""

    def __init__(self, data_dir):
        self.port_file = os.path.join(data_dir, "port")
        self.log = open(os.path.join(data_dir, "jisrd.log"), "w")
        self.process = subprocess.Popen(
            [os.environ["JISRD"], "--listen=127.0.0.1:0", f"--port_file={self.port_file}",
             f"--data_path={os.path.join(data_dir, 'jisr.db')}"],
            stderr=self.log)
        deadline = time.time() + 30
        while not os.path.exists(self.port_file):
            if self.process.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"jisrd did not start; see {self.log.name}")
            time.sleep(0.02)
        with open(self.port_file) as f:
            self.target = f"127.0.0.1:{f.read().strip()}"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
