#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A UDP receiver for the shell tests that shows OSC framing, which oscdump hides (it prints a
timetag for every message, its own clock for plain messages and "immediately" bundles).

Usage: osc_datagrams.py OUT  -- binds a free loopback port, writes it to OUT.port, then writes
one line per datagram to OUT:
  bundle SSSSSSSS.FFFFFFFF /address /address ...   (the timetag in hex, every message inside)
  message /address
"""
import socket
import struct
import sys


def osc_string(data, at):
    end = data.index(b"\0", at)
    return data[at:end].decode("utf-8", "replace")


def bundle_addresses(data):
    """The addresses of every message in a bundle, nested bundles flattened."""
    out, at = [], 16
    while at + 4 <= len(data):
        (size,) = struct.unpack(">i", data[at:at + 4])
        element = data[at + 4:at + 4 + size]
        out += bundle_addresses(element) if element.startswith(b"#bundle\0") else [osc_string(element, 0)]
        at += 4 + size
    return out


def main():
    out = sys.argv[1]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sock.bind(("127.0.0.1", 0))
    with open(out, "w", buffering=1) as lines:
        with open(out + ".port", "w") as port:
            port.write(str(sock.getsockname()[1]))
        while True:
            data = sock.recv(65536)
            if data.startswith(b"#bundle\0"):
                sec, frac = struct.unpack(">II", data[8:16])
                lines.write("bundle %08x.%08x %s\n" % (sec, frac, " ".join(bundle_addresses(data))))
            else:
                lines.write("message %s\n" % osc_string(data, 0))


if __name__ == "__main__":
    main()
