"""Serve the test HIS on loopback: in a thread (tests, bench) or as a process (demo)."""

import argparse
import threading

from werkzeug.serving import make_server

from testhis.app import HISState, create_app


class RunningHIS:
    def __init__(self, state: HISState, host: str = "127.0.0.1", port: int = 0):
        self.state = state
        self.server = make_server(host, port, create_app(state), threaded=True)
        state.base_url = f"http://{host}:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self.state

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=5)


def main():
    parser = argparse.ArgumentParser(description="Test HIS for the MDO portal demo (not for use).")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--portal", default="http://127.0.0.1:8000")
    parser.add_argument("--client-id", default="mdo-portaal")
    args = parser.parse_args()
    state = HISState(client_id=args.client_id, portal_url=args.portal)
    running = RunningHIS(state, port=args.port)
    print(f"Test HIS: {state.base_url}/  (FHIR base URL / issuer: {state.issuer})")  # noqa: T201
    running.server.serve_forever()


if __name__ == "__main__":
    main()
