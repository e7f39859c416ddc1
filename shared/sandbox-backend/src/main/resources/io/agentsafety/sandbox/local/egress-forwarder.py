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
# namespace, and the command could only bind ports of its own empty namespace.) Nothing else listens: any
# other address or port is "connection refused" (127/8) or "network unreachable" (everything else).
#
# Only C modules are imported (_socket, _thread; os is loaded at start anyway): the forwarder starts before every
# command, and the pure-Python socket/threading modules would double its start time.
import _socket
import _thread
import os
import sys


def pump(src, dst, done):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    try:
        dst.shutdown(_socket.SHUT_WR)
    except OSError:
        pass
    if done is not None:
        done.release()


def bridge(conn, path):
    upstream = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        upstream.connect(path)
    except OSError:
        conn.close()
        upstream.close()
        return
    back_done = _thread.allocate_lock()
    back_done.acquire()
    _thread.start_new_thread(pump, (upstream, conn, back_done))
    pump(conn, upstream, None)
    back_done.acquire()
    conn.close()
    upstream.close()


def serve(listener, path):
    while True:
        try:
            fd, _ = listener._accept()
        except OSError:
            return
        conn = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM, 0, fd)
        _thread.start_new_thread(bridge, (conn, path))


def main():
    listeners = []
    with open(sys.argv[1]) as routes:
        for line in routes:
            ip, port, path = line.split()
            listener = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
            listener.setsockopt(_socket.SOL_SOCKET, _socket.SO_REUSEADDR, 1)
            listener.bind((ip, int(port)))
            listener.listen(128)
            listeners.append((listener, path))
    if os.fork() == 0:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        for listener, path in listeners:
            _thread.start_new_thread(serve, (listener, path))
        forever = _thread.allocate_lock()
        forever.acquire()
        forever.acquire()  # until the sandbox's pid namespace ends with the command
    for listener, _ in listeners:
        listener.close()
    os.execv(sys.argv[2], sys.argv[2:])


if __name__ == "__main__":
    main()
