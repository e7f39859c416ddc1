# In-sandbox half of the local backend's egress relay (see EgressRelay.java). Runs inside the sandbox's own,
# otherwise empty network namespace, started by bubblewrap in place of the command:
#
#   python3 -I -S egress-forwarder.py ROUTES_FILE PROGRAM ARG...
#
# ROUTES_FILE lines are "<loopback ip> <port> <unix socket path>". Every listener is bound BEFORE the command
# starts (so its first connection cannot race the forwarder); then a forked child accepts and carries each
# TCP connection over its route's Unix socket to the host-side Java relay, which alone decides where it goes.
# The parent then execs the command. (Both run as uid 0 of the sandbox's user namespace with
# CAP_NET_BIND_SERVICE only, which is what binding 443 here needs; it means nothing outside this network
# namespace, and the command could only bind ports of its own empty namespace.) Nothing else listens: any other address or port is "connection refused"
# (127/8), "network unreachable" (everything else).
import os
import socket
import sys
import threading

def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    try:
        dst.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def bridge(conn, path):
    upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        upstream.connect(path)
    except OSError:
        conn.close()
        upstream.close()
        return
    back = threading.Thread(target=pump, args=(upstream, conn), daemon=True)
    back.start()
    pump(conn, upstream)
    back.join()
    conn.close()
    upstream.close()


def serve(listener, path):
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=bridge, args=(conn, path), daemon=True).start()


def main():
    listeners = []
    with open(sys.argv[1]) as routes:
        for line in routes:
            ip, port, path = line.split()
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((ip, int(port)))
            listener.listen(128)
            listeners.append((listener, path))
    if os.fork() == 0:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        for listener, path in listeners:
            threading.Thread(target=serve, args=(listener, path), daemon=True).start()
        threading.Event().wait()  # until the sandbox's pid namespace ends with the command
    for listener, _ in listeners:
        listener.close()
    os.execv(sys.argv[2], sys.argv[2:])


if __name__ == "__main__":
    main()
