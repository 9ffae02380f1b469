"""Text forged by a student kernel, as an attacker with the source open would write it.

The verdict kernel decodes it outside the sandbox, so every payload here must end as a
``WireError`` (its test then scores 0 as ``NotGradable``) or as plain data, never as code run,
a module imported, or gigabytes allocated. Each outcome was decided before the test was run.
"""

from __future__ import annotations

import ast
import base64
import json
import struct
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from canvaskit_widgets.grading import _verdict
from canvaskit_widgets.grading.execute import KernelError, _literal
from canvaskit_widgets.grading.wire import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_TEXT,
    WireError,
    dumps,
    loads,
    shown_str,
)


def stream(table: pa.Table, **options) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema, options=pa.ipc.IpcWriteOptions(**options)) as w:
        w.write_table(table)
    return sink.getvalue().to_pybytes()


def frame_text(data: bytes, tag: str = "frame") -> str:
    return json.dumps({"$": tag, "v": base64.b64encode(data).decode(), "name": None})


def refused(text: str, words: str) -> None:
    with pytest.raises(WireError, match=words):
        loads(text)


HONEST = pa.Table.from_pandas(pd.DataFrame({"segment": ["young", "adult"], "customers": [3, 5]}))


def test_truncated_and_garbage_streams_are_damaged_tables():
    whole = stream(HONEST)
    for cut in (1, 8, len(whole) // 2, len(whole) - 9):
        refused(frame_text(whole[:cut]), "damaged table")
    refused(frame_text(np.random.default_rng(1).bytes(4096)), "damaged table")
    refused(frame_text(b"\xff\xff\xff\xff" + struct.pack("<i", 2**31 - 1) + b"x" * 64), "damaged")


def bomb(codec: str, copies: int) -> bytes:
    """A stream whose ``copies`` record batches each decompress to 64 MB of zeros."""
    zeros = pa.table({"x": np.zeros(8 * 2**20)})
    one = stream(zeros, compression=codec)
    head = zeros.schema.serialize().to_pybytes()
    assert one.startswith(head)
    batch = one[len(head) : -8]
    return head + batch * copies + one[-8:]


@pytest.mark.parametrize("codec", ["zstd", "lz4"])
def test_a_decompression_bomb_is_refused_before_anything_expands(codec):
    data = bomb(codec, 100)  # 6.4 GB declared in 0.2 MB (zstd) or 28 MB (lz4)
    assert len(frame_text(data)) < MAX_TEXT
    refused(frame_text(data), "compressed buffers")
    categories = pa.table({"kind": pa.array(["a", "b"] * 10).dictionary_encode()})
    refused(frame_text(stream(categories, compression=codec)), "compressed buffers")


def test_rows_declared_without_data_are_capped():
    # A null column has no buffers: a billion rows cost a few bytes on the wire and 8 GB
    # of None pointers in pandas.
    nulls = pa.table({"x": pa.nulls(10**9)})
    refused(frame_text(stream(nulls)), "cells")
    flags = pa.table({"x": pa.array(np.zeros(MAX_CELLS + 1, dtype=bool))})  # 1.3 MB of bits
    refused(frame_text(stream(flags)), "cells")
    wide = pa.table({str(i): pa.array([], pa.int8()) for i in range(MAX_COLUMNS + 1)})
    refused(frame_text(stream(wide)), "columns")


def _patched(data: bytes, old: bytes, new: bytes) -> bytes:
    assert old in data
    return data.replace(old, new)


def test_lengths_and_offsets_that_lie_are_caught_by_validation():
    strings = pa.table({"s": pa.array(["ab", "cd", "ef"], pa.string())})
    data = stream(strings)
    offsets = struct.pack("<4i", 0, 2, 4, 6)
    refused(frame_text(_patched(data, offsets, struct.pack("<4i", 0, 2, 2**30, 6))), "damaged")
    refused(frame_text(_patched(data, offsets, struct.pack("<4i", 0, 4, 2, 6))), "damaged")
    # The batch and its column both say 3 rows: claim 2**20 instead.
    length = struct.pack("<q", 3)
    refused(frame_text(_patched(data, length, struct.pack("<q", 2**20))), "damaged")


class Evil(pa.ExtensionType):
    def __init__(self) -> None:
        super().__init__(pa.int64(), "pandas.evil")

    def __arrow_ext_serialize__(self) -> bytes:
        return b""

    @classmethod
    def __arrow_ext_deserialize__(cls, storage_type, serialized):
        return cls()


@pytest.mark.parametrize(
    "column",
    [
        pa.array([[1, 2], [3]]),
        pa.array([{"a": 1}]),
        pa.array([[("k", 1)]], pa.map_(pa.string(), pa.int64())),
        pa.array(["a" * 100] * 3, pa.string_view()),  # views may share one buffer
        pa.array([b"\x00"]),
        pa.RunEndEncodedArray.from_arrays([10**9], [1.5]),  # one run of a billion rows
        pa.array([b"a", b"b"]).dictionary_encode(),
        pa.DictionaryArray.from_arrays([0, 0], pa.array([[1], [2]])),
        pa.array([bytes(16)], pa.uuid()),
        pa.Table.from_pandas(pd.DataFrame({"x": pd.interval_range(0, 2)}))["x"],
        pa.array([__import__("decimal").Decimal("1.5")], pa.decimal128(5, 2)),
    ],
    ids=lambda c: str(c.type)[:40],
)
def test_nested_view_run_end_binary_and_other_extension_columns_are_refused(column):
    refused(frame_text(stream(pa.table({"x": column}))), "a column of type")


def test_an_extension_type_this_side_does_not_know_arrives_as_its_storage():
    column = pa.ExtensionArray.from_storage(Evil(), pa.array([1, 2]))
    assert list(loads(frame_text(stream(pa.table({"x": column}))))["x"]) == [1, 2]


def test_plain_types_still_come_through_including_categoricals_and_periods():
    frame = pd.DataFrame(
        {
            "kind": pd.Categorical(["a", "b"]),
            "when": pd.period_range("2024Q1", periods=2, freq="Q"),
            "at": pd.date_range("2024", periods=2, tz="Europe/Berlin"),
            "n": pd.array([1, None], dtype="Int64"),
            "ok": [True, False],
            "gap": pd.to_timedelta([1, 2], unit="D"),
        }
    )
    pd.testing.assert_frame_equal(loads(dumps(frame)), frame)


def with_pandas_metadata(table: pa.Table, change) -> str:
    meta = table.schema.pandas_metadata
    change(meta)
    table = table.replace_schema_metadata({b"pandas": json.dumps(meta).encode()})
    return frame_text(stream(table))


def test_pandas_attributes_are_dropped():
    text = with_pandas_metadata(HONEST, lambda m: m.update(attributes={"x": [[0] * 1000] * 100}))
    back = loads(text)
    assert back.attrs == {} and list(back["customers"]) == [3, 5]


@pytest.mark.parametrize(
    "dtype",
    [
        "datetime64[ns, dateutil//etc/passwd]",  # a time zone read from any file
        "Sparse[int64, 0]",
        "os.system",
        "x" * 5000,
    ],
)
def test_pandas_metadata_naming_an_odd_dtype_is_refused(dtype):
    def change(meta):
        meta["columns"][1]["numpy_type"] = dtype

    refused(with_pandas_metadata(HONEST, change), "metadata names the dtype")


def test_pandas_metadata_of_the_wrong_shape_or_an_impossible_index_is_harmless():
    refused(with_pandas_metadata(HONEST, lambda m: m.update(columns=[1, 2])), "damaged table")
    refused(with_pandas_metadata(HONEST, lambda m: m.update(index_columns=["nope"])), "damaged")

    def huge_range(meta):
        meta["index_columns"] = [{"kind": "range", "name": None, "start": 0, "stop": 10**15}]
        meta["index_columns"][0]["step"] = 1

    assert len(loads(with_pandas_metadata(HONEST, huge_range))) == 2  # pyarrow drops it

    # Two column levels make pyarrow read column names with ast.literal_eval.
    table = pa.Table.from_pandas(pd.DataFrame({"(" * 999: [1]}))

    def two_levels(meta):
        meta["column_indexes"] = meta["column_indexes"] * 2

    refused(with_pandas_metadata(table, two_levels), "damaged table")
    table = pa.Table.from_pandas(pd.DataFrame({"(" * 1001: [1]}))
    refused(with_pandas_metadata(table, two_levels), "long name")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("9" * 5000, "damaged value"),  # over int()'s digit limit
        ('{"$": "list", "v": [' + "9" * 5000 + "]}", "damaged value"),
        ('{"$": "np", "d": "i1", "v": 100000}', "damaged value"),
        ('{"$": "np", "d": "zzz", "v": 1}', "damaged value"),
        ('{"$": "np", "d": "V9999999999", "v": 1}', "damaged value"),
        ('{"$": "ndarray", "d": "<f8", "s": ["x"], "v": ""}', "damaged value"),
        ('{"$": "ndarray", "d": "<f8", "s": [99999999999, 99999999999], "v": ""}', "damaged"),
        ('{"$": "timedelta", "v": ' + "9" * 30 + "}", "damaged"),
        ('{"$": "period", "v": "2024", "f": "dateutil//etc/passwd"}', "damaged period"),
        ("NaN", "bare NaN"),
        ('{"$": "list", "v": [Infinity]}', "bare Infinity"),
        ('{"$": "list", "$": "pickle", "v": []}', "unknown tag 'pickle'"),
        ('{"$": "series", "v": "", "name": null}', "damaged table"),
        ("x" * (MAX_TEXT + 1), "too long"),
    ],
)
def test_forged_json_raises_wire_error_and_nothing_else(text, words):
    refused(text, words)


def test_odd_but_valid_json_decodes_as_plain_data():
    nan_key = loads('{"$": "dict", "v": [[{"$": "float", "v": "nan"}, 1]]}')
    assert len(nan_key) == 1 and all(k != k for k in nan_key)
    assert loads('{"$": "dict", "v": [[1, "a"], [1, "b"]]}') == {1: "b"}  # the last pair wins
    big = "x" * (40 * 2**20)
    assert loads(json.dumps(big)) == big  # 40 MB: under the cap, kept
    assert loads(str(10**4000)) == 10**4000


def reply(text_plain: str) -> dict:
    return {"status": "ok", "data": {"text/plain": text_plain}}


def returned(name: str, result: dict) -> object:
    """What a proxied call of ``name`` gives the test, from the kernel's result."""
    return _verdict._outcome(name, _verdict._answer(name, result))


def test_a_forged_proxy_reply_is_refused_before_python_parses_it(monkeypatch):
    def no_parse(text):
        raise AssertionError("parsed a forged structure")

    monkeypatch.setattr(ast, "literal_eval", no_parse)
    # A tuple of five million strings: ast would build millions of nodes.
    forged = "'" + "x', '" * 5_000_000 + "'"
    for shown in (forged, "[" * 10**6, "{'value': '1'}", "1", "'a' 'b'", "'a'\n"):
        with pytest.raises(RuntimeError, match="cannot be read"):
            returned("retention", reply(shown))
        # The grader itself reads each exported answer the same way, outside any limit.
        with pytest.raises(KernelError, match="not a str"):
            _literal(reply(shown))


def test_honest_and_damaged_proxy_replies():
    for text in ("it's", 'a "b"', "both ' and \"", "\\ \n é"):
        assert shown_str(repr(text)) == text
    answer = json.dumps({"value": dumps(["it's", 'a "quote"', 0.5])})
    assert returned("f", reply(repr(answer))) == ["it's", 'a "quote"', 0.5]
    bad = json.dumps({"value": json.dumps({"$": "np", "d": "i1", "v": 1000})})
    with pytest.raises(RuntimeError, match="damaged data"):
        returned("f", reply(repr(bad)))


def test_the_threat_model_states_the_table_caps_in_force():
    readme = (Path(__file__).parents[2] / "solutions" / "README.md").read_text()
    assert f"at most {MAX_COLUMNS:,} columns and {MAX_CELLS // 10**6} million cells" in readme
