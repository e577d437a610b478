#!/usr/bin/env python3
"""Writes webhook_vectors.json: signed Cashfree webhooks and the verdict each must get, computed with
Python's own hmac, hashlib and base64 (not with the Rust code under test).

Signature = base64(HMAC-SHA256(key=client secret, message=timestamp text + raw body)).
Run from this folder: python3 webhook_vectors.py
"""
import base64
import hashlib
import hmac
import json

SECRET = "cf_test_secret_0f9a7b"
NOW = 1764547200  # 2025-12-01T00:00:00Z, the `now` every case is verified at
BODY_2025 = (
    '{"data":{"instrument":{"customer_id":"cust_\u0926\u0947\u0935","instrument_id":"54deabb4-ba45-4a60-9e6a-9c016fe7ab10",'
    '"instrument_type":"card","instrument_status":"ACTIVE","instrument_meta":{"card_network":"visa",'
    '"card_bank_name":"HDFC Bank","card_type":"credit","card_sub_type":"R"},"some_new_field":{"x":[1,2]}}},'
    '"event_time":"2025-12-01T05:30:00+05:30","type":"INSTRUMENT_ACTIVE_WEBHOOK","future_field":true}'
)
BODY_PRETTY = '{\n  "type": "INSTRUMENT_ACTIVE_WEBHOOK",\n  "event_time": "2025-12-01T05:30:00+05:30",\n  "data": {"instrument": {"instrument_id": "i-2"}}\n}'


def sign(timestamp: str, body: str, secret: str = SECRET) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + body.encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def case(name, verdict, timestamp, body, signature, tolerance=None):
    out = {"name": name, "verdict": verdict, "timestamp": timestamp, "body": body, "signature": signature}
    if tolerance is not None:
        out["tolerance_seconds"] = tolerance
    return out


seconds = str(NOW - 30)
millis = str((NOW - 30) * 1000 + 123)
good = sign(seconds, BODY_2025)
cases = [
    case("valid, timestamp in seconds", "ok", seconds, BODY_2025, good),
    case("valid, timestamp in milliseconds", "ok", millis, BODY_2025, sign(millis, BODY_2025)),
    case("valid, pretty-printed body with keys in another order", "ok", seconds, BODY_PRETTY, sign(seconds, BODY_PRETTY)),
    case("body changed by one byte", "BadSignature", seconds, BODY_2025.replace("visa", "vise"), good),
    case("body with a trailing newline", "BadSignature", seconds, BODY_2025 + "\n", good),
    case("signed with another secret", "BadSignature", seconds, BODY_2025, sign(seconds, BODY_2025, "another_secret")),
    case("signature of another timestamp", "BadSignature", seconds, BODY_2025, sign(str(NOW - 31), BODY_2025)),
    case("signature not base64", "BadSignature", seconds, BODY_2025, "not*base64!!"),
    case("signature too short", "BadSignature", seconds, BODY_2025, base64.b64encode(b"short").decode()),
    case("empty signature", "BadSignature", seconds, BODY_2025, ""),
    case("an hour old", "Expired", str(NOW - 3600), BODY_2025, sign(str(NOW - 3600), BODY_2025)),
    case("an hour ahead", "Expired", str(NOW + 3600), BODY_2025, sign(str(NOW + 3600), BODY_2025)),
    case("an hour old, within a two-hour tolerance", "ok", str(NOW - 3600), BODY_2025, sign(str(NOW - 3600), BODY_2025), 7200),
    case("ten minutes old, beyond a one-minute tolerance", "Expired", str(NOW - 600), BODY_2025, sign(str(NOW - 600), BODY_2025), 60),
    case("timestamp not a number", "BadTimestamp", "yesterday", BODY_2025, sign("yesterday", BODY_2025)),
    case("negative timestamp", "BadTimestamp", "-1764547170", BODY_2025, sign("-1764547170", BODY_2025)),
    case("fractional timestamp", "BadTimestamp", "1764547170.5", BODY_2025, sign("1764547170.5", BODY_2025)),
    case("overflowing timestamp", "BadTimestamp", "99999999999999999999999", BODY_2025, sign("99999999999999999999999", BODY_2025)),
    case("empty timestamp", "BadTimestamp", "", BODY_2025, sign("", BODY_2025)),
]

with open("webhook_vectors.json", "w", encoding="utf-8") as out:
    json.dump({"secret": SECRET, "now": NOW, "cases": cases}, out, indent=1, ensure_ascii=False)
    out.write("\n")
