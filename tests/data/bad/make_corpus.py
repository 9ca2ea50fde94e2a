#!/usr/bin/env python3
"""Writes the bad-input corpus (issue 8). Every file here must make
`collscope import/stats/export` print one line naming the file and the
position, exit 2, and write nothing. Re-run to regenerate: python3 make_corpus.py
"""
import gzip
import json
import random

GOOD_TRACE = {
    "format": "collscope-trace", "version": 1,
    "meta": {"source": "threads", "host": "example", "command": "hand-written example"},
    "ranks": [{"rank": 0}, {"rank": 1}],
    "runs": [{"collective": "allreduce", "algorithm": "ring", "bytes": 1024, "dtype": "float32",
              "iteration": 0, "t_start_ns": 0, "t_end_ns": 2000,
              "steps": [{"step": 1, "rank": 0, "phase": "reduce-scatter", "send_to": 1,
                         "recv_from": 1, "slot": 0, "bytes": 512, "t_start_ns": 0,
                         "t_end_ns": 1000}]}],
}
good = json.dumps(GOOD_TRACE, indent=1)


def write(name, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(name, mode) as f:
        f.write(data)


write("empty.json", "")
write("only_whitespace.json", "  \n\t\n")
# Truncated at interesting points: inside the header, inside a run, inside a string, mid-number.
write("truncated_in_header.json", good[: good.index('"meta"') + 3])
write("truncated_in_steps.json", good[: good.index('"phase"') + 12])
write("truncated_mid_number.json", good[: good.index('"t_end_ns": 2000') + 13])
random.seed(1234)
write("binary_garbage.bin", bytes(random.randrange(256) for _ in range(4096)))
write("binary_after_header.json", good[:60].encode() + bytes(range(256)))
bad = json.loads(good); bad["version"] = "one"; write("wrong_type_version.json", json.dumps(bad))
bad = json.loads(good); bad["runs"] = {"not": "a list"}; write("wrong_type_runs.json", json.dumps(bad))
bad = json.loads(good); bad["runs"][0]["steps"][0]["t_start_ns"] = "soon"; write("wrong_type_time.json", json.dumps(bad))
bad = json.loads(good); bad["runs"][0]["bytes"] = 1e300; write("huge_bytes.json", json.dumps(bad))
write("huge_integer.json", good.replace('"t_end_ns": 1000', '"t_end_ns": 99999999999999999999999999'))
bad = json.loads(good); bad["runs"][0]["steps"][0]["rank"] = -5; write("negative_rank.json", json.dumps(bad))
bad = json.loads(good); bad["runs"][0]["bytes"] = -1024; write("negative_bytes.json", json.dumps(bad))
write("nan_literal.json", good.replace('"bytes": 1024', '"bytes": NaN'))
write("infinity_literal.json", good.replace('"bytes": 1024', '"bytes": Infinity'))
write("deeply_nested.json", "[" * 100000 + "]" * 100000)
write("deeply_nested_objects.json", '{"a":' * 50000 + "1" + "}" * 50000)
bad = json.loads(good); bad["version"] = 2; write("unknown_major_version.json", json.dumps(bad))
write("other_tool_package.json", json.dumps({"name": "left-pad", "version": "1.3.0", "dependencies": {}}))
write("other_tool_array.json", json.dumps([1, 2, 3]))
write("crlf_truncated.json", good[: good.index('"runs"')].replace("\n", "\r\n"))
write("bom_binary.json", b"\xef\xbb\xbf" + bytes(range(128, 256)))
write("nccl_tests_header_then_garbage.txt",
      "# nccl-tests version 2.13.8 nccl-headers=21903 nccl-library=21903\n"
      "#       size         count      type   redop    root     time   algbw   busbw #wrong     time   algbw   busbw #wrong\n"
      "#        (B)    (elements)                               (us)  (GB/s)  (GB/s)            (us)  (GB/s)  (GB/s)\n"
      "          8  banana  float  sum  -1  NaN  Inf  -0.00  0  10.1  0.00  0.00  0\n")
with gzip.open("gzip_bomb.json.gz", "wb", compresslevel=9) as f:
    chunk = b" " * (1 << 20)
    for _ in range(1100):  # 1.1 GiB of spaces before anything: far past any sane trace
        f.write(chunk)
write("truncated.json.gz", gzip.compress(good.encode())[:40])
