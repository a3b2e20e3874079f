"""A tiny synchronous Kafka ApiVersions (v3) client, enough to probe a broker without a Kafka library.

ApiVersions is the first request every Kafka client sends. Version 3 also returns the feature levels the
broker supports and the ones the cluster has finalized (from its metadata log), so a successful answer with
a finalized `metadata.version` means the broker is serving requests and has loaded cluster metadata.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass

API_VERSIONS_KEY = 18

# MetadataVersion feature levels -> release (org.apache.kafka.server.common.MetadataVersion, Kafka 4.1.1).
METADATA_VERSIONS = {
    21: "3.9-IV0",
    22: "4.0-IV0",
    23: "4.0-IV1",
    24: "4.0-IV2",
    25: "4.0-IV3",
    26: "4.1-IV0",
    27: "4.1-IV1",
    28: "4.2-IV0",
    29: "4.2-IV1",
}


@dataclass(frozen=True)
class ApiVersions:
    api_keys: dict[int, tuple[int, int]]
    """api key -> (min version, max version)"""
    supported_features: dict[str, tuple[int, int]]
    """feature -> (min level, max level) this broker's software supports"""
    finalized_features: dict[str, tuple[int, int]]
    """feature -> (min level, max level) finalized for the cluster"""

    @property
    def metadata_version(self) -> str | None:
        """The cluster's finalized metadata.version as a release name, e.g. "4.1-IV1"."""
        levels = self.finalized_features.get("metadata.version")
        if levels is None:
            return None
        return METADATA_VERSIONS.get(levels[1], f"level {levels[1]}")


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise ValueError("truncated ApiVersions response")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def int16(self) -> int:
        return int(struct.unpack(">h", self.take(2))[0])

    def int32(self) -> int:
        return int(struct.unpack(">i", self.take(4))[0])

    def uvarint(self) -> int:
        shift = result = 0
        while True:
            byte = self.take(1)[0]
            result |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return result
            shift += 7

    def compact_string(self) -> str:
        return self.take(self.uvarint() - 1).decode()

    def skip_tags(self) -> None:
        for _ in range(self.uvarint()):
            self.uvarint()
            self.take(self.uvarint())

    def features(self, name_first_min: bool) -> dict[str, tuple[int, int]]:
        result: dict[str, tuple[int, int]] = {}
        for _ in range(self.uvarint() - 1):
            name, a, b = self.compact_string(), self.int16(), self.int16()
            self.skip_tags()
            result[name] = (a, b) if name_first_min else (b, a)
        return result


def _uvarint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _compact_string(value: str) -> bytes:
    raw = value.encode()
    return _uvarint(len(raw) + 1) + raw


def _request(correlation_id: int) -> bytes:
    client_id = b"carecoord-local"
    header = struct.pack(">hhih", API_VERSIONS_KEY, 3, correlation_id, len(client_id)) + client_id + b"\x00"
    body = _compact_string("carecoord-local") + _compact_string("1") + b"\x00"
    payload = header + body
    return struct.pack(">i", len(payload)) + payload


def _recv_exactly(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("broker closed the connection")
        buf += chunk
    return bytes(buf)


def parse_response(data: bytes) -> ApiVersions:
    """Parse an ApiVersions v3 response body (after the 4-byte correlation id)."""
    r = _Reader(data)
    error = r.int16()
    if error:
        raise ConnectionError(f"ApiVersions failed with Kafka error code {error}")
    api_keys: dict[int, tuple[int, int]] = {}
    for _ in range(r.uvarint() - 1):
        key, lo, hi = r.int16(), r.int16(), r.int16()
        r.skip_tags()
        api_keys[key] = (lo, hi)
    r.int32()  # throttle_time_ms
    supported: dict[str, tuple[int, int]] = {}
    finalized: dict[str, tuple[int, int]] = {}
    for _ in range(r.uvarint()):
        tag, size = r.uvarint(), r.uvarint()
        if tag == 0:
            supported = r.features(name_first_min=True)
        elif tag == 2:
            finalized = r.features(name_first_min=False)  # MaxVersionLevel comes first on the wire
        else:
            r.take(size)
    return ApiVersions(api_keys, supported, finalized)


def api_versions(host: str, port: int, timeout: float = 5.0) -> ApiVersions:
    """Send ApiVersions v3 to host:port and return the parsed answer; raises OSError/ValueError on failure."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(_request(correlation_id=1))
        (size,) = struct.unpack(">i", _recv_exactly(sock, 4))
        payload = _recv_exactly(sock, size)
    (correlation_id,) = struct.unpack(">i", payload[:4])
    if correlation_id != 1:
        raise ValueError(f"unexpected correlation id {correlation_id}")
    return parse_response(payload[4:])
