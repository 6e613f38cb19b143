"""Writes tests/data/hostile/: small hostile images, models and experiment files, and manifest.json.

    .venv/bin/python tools/make_hostile_corpus.py

Every case is small and committed; the output is byte-for-byte reproducible. Huge, sparse and special files
(FIFOs, devices, a 511 MB sparse PNG, 100,000 edits) are made at test time by tests/hostile/test_corpus.py.
manifest.json lists per case: the file, its kind (image, model, experiment), what it is, the expected outcome
class (`ok`, `refused:<reason>`, `model-error`, `experiment-error`) and a phrase the message must contain.
"""

from __future__ import annotations

import base64
import functools
import json
import shutil
import struct
import sys
import zlib
from pathlib import Path

import cv2
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.core.test_imageio import (  # noqa: E402  (the hand-made file builders live with the imageio tests)
    bomb_png,
    chunk_length_bomb,
    cmyk_jpeg,
    encode,
    png_by_hand,
    png_chunk,
    textured,
    tiff_by_hand,
    with_exif,
)

OUT = ROOT / "tests" / "data" / "hostile"
CASES: list[dict[str, str]] = []


def case(kind: str, file: str, data: bytes, what: str, expect: str, phrase: str = "") -> None:
    """Writes one case file and records it for the manifest."""
    path = OUT / kind / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    CASES.append({"file": f"{kind}/{file}", "kind": kind.rstrip("s"), "what": what, "expect": expect, "phrase": phrase})


# ------------------------------------------------------------------------------------------------ images


def picture(height: int = 48, width: int = 64, seed: int = 0) -> np.ndarray:
    noise = np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)
    return cv2.GaussianBlur(noise, (0, 0), 1.5)


def jpeg_sof(width: int, height: int) -> bytes:
    """A JPEG whose frame header declares width x height, followed by nothing useful."""
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + sof + b"\xff\xd9"


def gif_header(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00" + b"\x3b"


def bmp_header(width: int, height: int, payload: bytes = b"") -> bytes:
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(payload), 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + 40 + len(payload), 0, 0, 54) + info + payload


def webp_vp8x(width: int, height: int) -> bytes:
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\0\0\0\0" + (width - 1).to_bytes(3, "little")
    vp8x += (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", 4 + len(vp8x)) + b"WEBP" + vp8x


def animated(ext: str) -> bytes:
    animation = cv2.Animation()
    animation.frames = [np.full((20, 30, 3), bgr, np.uint8) for bgr in [(0, 0, 255), (0, 255, 0), (255, 0, 0)]]
    animation.durations = [100, 100, 100]
    ok, buf = cv2.imencodeanimation(ext, animation)
    assert ok
    return np.asarray(buf, np.uint8).tobytes()


def make_images() -> None:
    pic = picture()
    png, jpg = encode(".png", pic), encode(".jpg", pic)
    unreadable, large, unsafe = "refused:unreadable", "refused:too-large", "refused:unsafe"
    good = {
        "plain.png": (png, "an ordinary PNG"),
        "plain.jpg": (jpg, "an ordinary JPEG"),
        "plain.bmp": (encode(".bmp", pic), "an ordinary BMP"),
        "plain.webp": (encode(".webp", pic), "an ordinary WebP"),
        "plain.tif": (encode(".tiff", pic), "an ordinary TIFF"),
        "sixteen-bit.png": (encode(".png", (pic.astype(np.uint16) * 257)), "16-bit PNG"),
        "sixteen-bit.tif": (encode(".tiff", (pic.astype(np.uint16) * 257)), "16-bit TIFF"),
        "rgba.png": (encode(".png", np.dstack([pic, pic[..., 0]])), "PNG with alpha"),
        "grey.png": (encode(".png", pic[..., 0]), "greyscale PNG"),
        "grey.jpg": (encode(".jpg", pic[..., 0]), "greyscale JPEG"),
        "palette-transparent.png": (
            png_by_hand(
                2, 2, 3, [b"\0\1", b"\1\0"], png_chunk(b"PLTE", b"\xff\0\0\0\0\xff") + png_chunk(b"tRNS", b"\x80")
            ),
            "palette PNG with transparency",
        ),
        "cmyk.jpg": (cmyk_jpeg((10, 200, 30, 0)), "CMYK JPEG"),
        "animated.gif": (animated(".gif"), "animated GIF (first frame)"),
        "animated.webp": (animated(".webp"), "animated WebP (first frame)"),
        "exif-rotated.jpg": (with_exif(".jpg", jpg, 6, (64, 48)), "JPEG with EXIF orientation 6"),
        "exif-rotated.png": (with_exif(".png", png, 8, (64, 48)), "PNG with eXIf orientation 8"),
        "one-pixel.png": (encode(".png", pic[:1, :1]), "a 1 x 1 image"),
        "thin-strip.png": (encode(".png", np.zeros((1, 3000, 3), np.uint8)), "1 x 3000 pixels"),
        "png-named.jpg": (png, "a PNG with a .jpg name (content decides)"),
        "jpeg-named.png": (jpg, "a JPEG with a .png name"),
        "no-extension": (png, "a PNG without an extension"),
        "upper-case.PNG": (png, "upper-case extension"),
        "kätzchen-猫.png": (png, "non-ASCII file name"),
        "png-then-zip.png": (png + b"PK\x03\x04" + bytes(64) + b"PK\x05\x06" + bytes(18), "polyglot: PNG + ZIP"),
        "jpeg-then-html.jpg": (jpg + b"<html><script>alert(1)</script></html>", "polyglot: JPEG + HTML"),
        "bmp-top-down.bmp": (
            bmp_header(2, -2, bytes(8) * 2),
            "BMP with a negative (top-down) height",
        ),
        "\x1b[2J\x1b]0;pwned\x07name.png": (png, "control characters in the file name"),
        "junk-inside.jpg": (
            textured(".jpg")[:4000] + bytes(100) + textured(".jpg")[4000:],
            "JPEG with 100 junk bytes inside (libjpeg warns on stderr)",
        ),
    }
    for name, (data, what) in good.items():
        safe = name.encode("ascii", "backslashreplace").decode() if "\x1b" in name else name
        case("images", safe if "\x1b" not in name else "escape-in-name.png", data, what, "ok")
    bad = {
        "empty.png": (b"", "zero bytes", "refused:empty", "is empty"),
        "random.jpg": (np.random.default_rng(1).bytes(4096), "random bytes", unreadable, "not an image"),
        "text.png": (b"Dear diary, today I trained a cat classifier.\n" * 20, "text", unreadable, "not an image"),
        "html.jpg": (b"<!doctype html><html><body>hi</body></html>", "HTML named .jpg", unreadable, "not an image"),
        "pdf.png": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "PDF named .png", unreadable, "not an image"),
        "svg.png": (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>',
            "SVG",
            unreadable,
            "not an image",
        ),
        "ppm.png": (b"P6\n2 2\n255\n" + bytes(12), "PPM (not a supported format)", unreadable, "not an image"),
        "heic.jpg": (b"\0\0\0\x18ftypheic" + bytes(64), "HEIC header", unreadable, "not an image"),
        "exe.png": (b"MZ\x90\0" + bytes(200), "a Windows program", unreadable, "not an image"),
        "zip.png": (b"PK\x03\x04" + bytes(100), "a ZIP archive", unreadable, "not an image"),
        "truncated.jpg": (textured(".jpg")[:3000], "JPEG cut short", unreadable, "damaged"),
        "no-end.jpg": (textured(".jpg")[:-2], "JPEG without its end marker", unreadable, "damaged"),
        "soi-only.jpg": (b"\xff\xd8\xff", "only the JPEG start marker", unreadable, "damaged"),
        "truncated.png": (textured(".png")[:5000], "PNG cut short", unreadable, "damaged"),
        "no-iend.png": (png[:-12], "PNG without IEND", unreadable, "damaged"),
        "signature-only.png": (b"\x89PNG\r\n\x1a\n", "only the PNG signature", unreadable, "damaged"),
        "bad-crc.png": (png[:40] + bytes([png[40] ^ 0xFF]) + png[41:], "PNG with a corrupt chunk", unreadable, ""),
        "zero-chunks.png": (png[:33] + bytes(4096), "PNG header then zeros", unreadable, "damaged"),
        "filter-damaged.png": (
            textured(".png")[:2000] + bytes([textured(".png")[2000] ^ 0xFF]) + textured(".png")[2001:],
            "PNG with a damaged byte in its pixel data (libpng prints an error on stderr)",
            unreadable,
            "damaged",
        ),
        "truncated.webp": (textured(".webp")[:2000], "WebP cut short", unreadable, "damaged"),
        "truncated.gif": (animated(".gif")[:40], "GIF cut short", unreadable, "damaged"),
        "truncated.bmp": (encode(".bmp", pic)[:500], "BMP cut short", unreadable, "damaged"),
        "truncated.tif": (encode(".tiff", pic)[:300], "TIFF cut short", unreadable, "damaged"),
        "float.tif": (encode(".tiff", pic.astype(np.float32)), "32-bit float TIFF", unreadable, "float32"),
        "zero-width.png": (bomb_png(0, 10), "PNG declaring 0 x 10 pixels", unreadable, "damaged"),
        "zero-width.bmp": (bmp_header(0, 10), "BMP declaring 0 x 10 pixels", unreadable, "damaged"),
        "bomb-100k.png": (bomb_png(100_000, 100_000), "PNG header declaring 100,000 x 100,000", large, "too large"),
        "bomb-12k.png": (bomb_png(12_000, 12_000), "PNG of 144 megapixels (over the limit)", large, "too large"),
        "bomb.jpg": (jpeg_sof(65_000, 65_000), "JPEG frame of 65,000 x 65,000", large, "too large"),
        "bomb.gif": (gif_header(65_535, 65_535), "GIF screen of 65,535 x 65,535", large, "too large"),
        "bomb.bmp": (bmp_header(50_000, -50_000), "BMP of 50,000 x 50,000", large, "too large"),
        "bomb.webp": (webp_vp8x(16_383, 16_383), "WebP of 16,383 x 16,383", large, "too large"),
        "bomb.tif": (tiff_by_hand(100_000, 100_000, {}), "TIFF of 100,000 x 100,000", large, "too large"),
        "chunk-length-bomb.png": (chunk_length_bomb(), "PNG chunk claiming 4 GB", unreadable, "damaged"),
        "tile-bomb.tif": (
            tiff_by_hand(64, 64, {322: 16_384, 323: 16_384}),
            "64 x 64 TIFF with 16,384 x 16,384 tiles",
            unsafe,
            "cannot be opened safely",
        ),
        "tile-bomb-wide.tif": (
            tiff_by_hand(64, 64, {322: 65_536, 323: 16}),
            "TIFF with 65,536-pixel-wide tiles (4 MB each: left to OpenCV, which refuses it)",
            unreadable,
            "not an image",
        ),
        "sample-bomb.tif": (tiff_by_hand(64, 64, {}, samples=200), "TIFF with 200 samples per pixel", unsafe, "safely"),
        "bits-bomb.tif": (tiff_by_hand(64, 64, {}, bits=4096), "TIFF with 4,096 bits per sample", unsafe, "safely"),
        "exif-loop.png": (
            png[:33] + png_chunk(b"eXIf", b"MM\0*\0\0\0\x08" + b"\xff\xff" + bytes(12)) + png[33:],
            "PNG whose EXIF claims 65,535 entries",
            "ok",
            "",
        ),
        "huge-text-chunk.png": (
            png[:33] + png_chunk(b"zTXt", b"c\0\0" + zlib.compress(bytes(8 * 2**20), 9)) + png[33:],
            "PNG with an 8 MB compressed text chunk",
            "ok",
            "",
        ),
    }
    for name, (data, what, expect, phrase) in bad.items():
        case("images", name, data, what, expect, phrase)


# ------------------------------------------------------------------------------------------------ models


def _model(nodes: list, inputs: list, outputs: list, inits: list | None = None, meta: dict | None = None) -> bytes:
    graph = helper.make_graph(nodes, "hostile", inputs, outputs, inits or [])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="hostile-corpus")
    model.ir_version = 8
    for key, value in (meta or {}).items():
        model.metadata_props.add(key=key, value=value)
    return model.SerializeToString()


def _image_input(shape: list | None = None, kind: int = TensorProto.FLOAT) -> object:
    return helper.make_tensor_value_info("image", kind, shape or ["batch", 3, 224, 224])


def _scores(classes: int = 1000, batch: object = "batch") -> object:
    return helper.make_tensor_value_info("scores", TensorProto.FLOAT, [batch, classes])


def classifier(
    classes: int = 1000, meta: dict | None = None, tail: list | None = None, batch: object = "batch"
) -> bytes:
    """image -> mean per channel -> 3 x classes weights -> scores (+ optional tail nodes on 'logits')."""
    weights = np.random.default_rng(classes).normal(0, 1, (3, classes)).astype(np.float32)
    nodes = [
        helper.make_node("GlobalAveragePool", ["image"], ["pooled"]),
        helper.make_node("Flatten", ["pooled"], ["flat"]),
        helper.make_node("MatMul", ["flat", "weights"], ["logits" if tail else "scores"]),
        *(tail or []),
    ]
    inits = [numpy_helper.from_array(weights, "weights"), numpy_helper.from_array(np.array(0.0, np.float32), "zero")]
    return _model(nodes, [_image_input([batch, 3, 224, 224])], [_scores(classes, batch)], inits, meta)


def endless_loop(trips: np.ndarray | None, from_input: bool = False) -> bytes:
    """A classifier whose scores pass through a Loop: without a trip count, with a huge one, or one computed
    from the image at run time (so that only running it shows it never ends)."""
    body = helper.make_graph(
        [helper.make_node("Identity", ["cond_in"], ["cond_out"]), helper.make_node("Identity", ["carried"], ["out"])],
        "body",
        [
            helper.make_tensor_value_info("i", TensorProto.INT64, []),
            helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
            helper.make_tensor_value_info("carried", TensorProto.FLOAT, None),
        ],
        [
            helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
            helper.make_tensor_value_info("out", TensorProto.FLOAT, None),
        ],
    )
    inits = [numpy_helper.from_array(np.array(True), "always")]
    pre = []
    if from_input:
        inits.append(numpy_helper.from_array(np.array(1e15, np.float32), "big"))
        pre = [
            helper.make_node("ReduceMax", ["logits"], ["peak"], keepdims=0),
            helper.make_node("Add", ["peak", "big"], ["many"]),
            helper.make_node("Cast", ["many"], ["trips"], to=TensorProto.INT64),
        ]
        trip_name = "trips"
    elif trips is not None:
        inits.append(numpy_helper.from_array(trips, "trips"))
        trip_name = "trips"
    else:
        trip_name = ""
    loop = helper.make_node(
        "Loop", [trip_name, "" if trips is None and not from_input else "always", "logits"], ["scores"], body=body
    )
    base = onnx.load_from_string(classifier(tail=[*pre, loop]))
    base.graph.initializer.extend(inits)
    return base.SerializeToString()


def allocate(shape_from_input: bool) -> bytes:
    """Scores plus a ConstantOfShape of 1.0s: a constant shape of 2^31 values, or 3 GB computed at run time."""
    if shape_from_input:
        nodes = [
            helper.make_node("Shape", ["image"], ["dims"]),  # [N, 3, 224, 224]
            helper.make_node("Mul", ["dims", "factor"], ["huge"]),
            helper.make_node("ConstantOfShape", ["huge"], ["block"], value=helper.make_tensor("v", 1, [1], [1.0])),
        ]
        factor = numpy_helper.from_array(np.array([1, 1, 64, 64], np.int64), "factor")  # 3 x 14336^2 x 4 B = 2.5 GB
    else:
        nodes = [
            helper.make_node("ConstantOfShape", ["shape"], ["block"], value=helper.make_tensor("v", 1, [1], [1.0]))
        ]
        factor = numpy_helper.from_array(np.array([2**31], np.int64), "shape")
    nodes += [
        helper.make_node("ReduceMax", ["block"], ["block_max"], keepdims=0),
        helper.make_node("Mul", ["block_max", "zero"], ["nothing"]),
        helper.make_node("Add", ["logits", "nothing"], ["scores"]),
    ]
    model = onnx.load_from_string(classifier(tail=nodes))
    model.graph.initializer.append(factor)
    return model.SerializeToString()


def with_initializer(tensor: onnx.TensorProto) -> bytes:
    model = onnx.load_from_string(classifier())
    model.graph.initializer.append(tensor)
    return model.SerializeToString()


def nested_ifs(depth: int) -> bytes:
    """Scores computed inside `depth` nested If nodes."""
    leaf = helper.make_graph(
        [helper.make_node("Identity", ["logits"], ["branch_out"])],
        "leaf",
        [],
        [helper.make_tensor_value_info("branch_out", TensorProto.FLOAT, None)],
    )
    inner = leaf
    for level in range(depth):  # only the then-branch nests: the file stays small
        node = helper.make_node("If", ["flag"], [f"out{level}"], then_branch=inner, else_branch=leaf)
        inner = helper.make_graph([node], f"g{level}", [], [helper.make_tensor_value_info(f"out{level}", 1, None)])
    last = helper.make_node("If", ["flag"], ["scores"], then_branch=inner, else_branch=leaf)
    model = onnx.load_from_string(classifier(tail=[last]))
    model.graph.initializer.append(numpy_helper.from_array(np.array(True), "flag"))
    return model.SerializeToString()


def make_models() -> None:
    err = "model-error"
    tail = helper.make_node
    labels = json.dumps([f"class {i}" if i != 1 else "\x1b[2J\x1b]0;pwned\x07cleared" for i in range(1000)])
    huge_declared = onnx.TensorProto(name="huge", data_type=TensorProto.FLOAT, dims=[2**20, 2**12])
    huge_declared.raw_data = b"\0" * 16
    external = onnx.TensorProto(name="outside", data_type=TensorProto.FLOAT, dims=[4])
    external.data_location = TensorProto.EXTERNAL
    external.external_data.add(key="location", value="../../../../etc/passwd")
    nhwc = _model(
        [
            tail("Transpose", ["image"], ["nchw"], perm=[0, 3, 1, 2]),
            tail("GlobalAveragePool", ["nchw"], ["pooled"]),
            tail("Flatten", ["pooled"], ["flat"]),
            tail("MatMul", ["flat", "weights"], ["scores"]),
        ],
        [_image_input(["batch", 224, 224, 3])],
        [_scores()],
        [numpy_helper.from_array(np.ones((3, 1000), np.float32), "weights")],
    )
    cases: dict[str, tuple[bytes, str, str, str]] = {
        "tiny-ok.onnx": (classifier(), "a tiny valid classifier (1000 logits)", "ok", ""),
        "tiny-1001.onnx": (classifier(1001), "1001 classes (background first)", "ok", ""),
        "tiny-nhwc.onnx": (nhwc, "NHWC input", "ok", ""),
        "tiny-fixed-batch-1.onnx": (classifier(batch=1), "fixed batch of 1", "ok", ""),
        "softmax.onnx": (classifier(tail=[tail("Softmax", ["logits"], ["scores"], axis=1)]), "probabilities", "ok", ""),
        "probabilities-metadata-on-logits.onnx": (
            classifier(meta={"output": "probabilities"}),
            "metadata says probabilities, output is logits (was 331 %)",
            "ok",
            "treated as scores",
        ),
        "control-characters.onnx": (
            classifier(meta={"model_name": "\x1b]0;owned\x07\x1b[2JEvil\rNet", "labels": labels}),
            "escape sequences in model_name and labels",
            "ok",
            "",
        ),
        "labels-not-json.onnx": (classifier(meta={"labels": "[oops"}), "labels metadata that is not JSON", "ok", ""),
        "fixed-batch-4096.onnx": (classifier(batch=4096), "fixed batch of 4,096 (2.4 GB per run)", err, "4,096"),
        "endless-loop.onnx": (endless_loop(None), "Loop without trip count or condition", err, "never end"),
        "huge-trip-count.onnx": (endless_loop(np.array(2**62, np.int64)), "Loop of 2^62 trips", err, "never end"),
        "runtime-endless-loop.onnx": (
            endless_loop(None, from_input=True),
            "Loop whose trip count (10^15) is computed from the image",
            err,
            "did not finish",
        ),
        "constant-of-shape.onnx": (allocate(False), "ConstantOfShape of 2^31 values (8 GB)", err, "would allocate"),
        "runtime-allocation.onnx": (allocate(True), "2.5 GB allocated from the input's shape", err, "stopped"),
        "huge-initializer-declared.onnx": (
            with_initializer(huge_declared),
            "an initializer declaring 16 GB with 16 bytes of data",
            err,
            "weights",
        ),
        "external-data.onnx": (with_initializer(external), "weights in ../../../../etc/passwd", err, "other files"),
        "nan-output.onnx": (
            classifier(tail=[tail("Div", ["zero", "zero"], ["nan"]), tail("Add", ["logits", "nan"], ["scores"])]),
            "output is NaN",
            err,
            "invalid numbers (NaN)",
        ),
        "inf-output.onnx": (
            classifier(tail=[tail("Log", ["zero"], ["minus_inf"]), tail("Add", ["logits", "minus_inf"], ["scores"])]),
            "output is -infinity",
            err,
            "invalid numbers (infinity)",
        ),
        "ten-classes.onnx": (classifier(10), "10 classes", err, "10 values"),
        "three-d-input.onnx": (
            _model([tail("Identity", ["image"], ["scores"])], [_image_input([1, 224, 224])], [_scores(224, 1)]),
            "3-D input",
            err,
            "3 dimensions",
        ),
        "string-input.onnx": (
            _model(
                [tail("Identity", ["image"], ["scores"])],
                [_image_input([1, 1000], TensorProto.STRING)],
                [helper.make_tensor_value_info("scores", TensorProto.STRING, [1, 1000])],
            ),
            "string input",
            err,
            "tensor(string)",
        ),
        "two-inputs.onnx": (
            _model(
                [tail("Add", ["image", "other"], ["scores"])],
                [_image_input([1, 3, 224, 224]), helper.make_tensor_value_info("other", 1, [1, 3, 224, 224])],
                [helper.make_tensor_value_info("scores", 1, [1, 3, 224, 224])],
            ),
            "two inputs",
            err,
            "2 inputs",
        ),
        "no-colour-axis.onnx": (
            _model([tail("Identity", ["image"], ["scores"])], [_image_input([1, 5, 224, 224])], [_scores(5, 1)]),
            "5 channels",
            err,
            "colour axis",
        ),
        "not-square.onnx": (
            _model([tail("Identity", ["image"], ["scores"])], [_image_input([1, 3, 224, 300])], [_scores(3, 1)]),
            "224 x 300 input",
            err,
            "square",
        ),
        "int-output.onnx": (
            classifier(tail=[tail("ArgMax", ["logits"], ["scores"], axis=1, keepdims=1)]),
            "int64 output (ArgMax) declared as float",
            err,
            "not an ONNX model this app can run",
        ),
        "sequence-output.onnx": (
            _model(
                [tail("SequenceConstruct", ["image"], ["scores"])],
                [_image_input([1, 3, 224, 224])],
                [helper.make_tensor_sequence_value_info("scores", TensorProto.FLOAT, None)],
            ),
            "sequence output (was 'list' object has no attribute 'reshape')",
            err,
            "one tensor of class scores",
        ),
        "unknown-op.onnx": (
            classifier(tail=[tail("TotallyMadeUp", ["logits"], ["scores"], domain="evil.ops")]),
            "an operator no runtime knows",
            err,
            "not an ONNX model",
        ),
        "bad-preprocessing.onnx": (
            classifier(meta={"size": "abc", "mean": "[1]"}),
            "preprocessing metadata of the wrong type",
            err,
            "preprocessing settings",
        ),
        "nested-ifs.onnx": (nested_ifs(30), "If nodes nested 30 deep", "ok", ""),
        "corrupt.onnx": (np.random.default_rng(7).bytes(5000), "random bytes", err, "not an ONNX model"),
        "truncated.onnx": (classifier()[:3000], "a valid model cut short", err, "not an ONNX model"),
        "text.onnx": (b"this is not a model\n" * 10, "text named .onnx", err, "not an ONNX model"),
        "empty.onnx": (b"", "zero bytes", err, "is empty"),
    }
    for name, (data, what, expect, phrase) in cases.items():
        case("models", name, data, what, expect, phrase)


# ------------------------------------------------------------------------------------------------ experiments


def make_experiments() -> None:
    folder = OUT / "experiments"
    folder.mkdir(parents=True, exist_ok=True)
    photo = encode(".png", picture(48, 64, seed=5))
    (folder / "photo.png").write_bytes(photo)
    import hashlib

    digest = hashlib.sha256(photo).hexdigest()
    image = {"name": "photo.png", "width": 64, "height": 48, "path": "photo.png", "sha256": digest}
    occlude = {"kind": "occlude", "x0": 0.1, "y0": 0.1, "x1": 0.5, "y1": 0.5, "shape": "rect", "fill": "grey"}
    base = {
        "format": "classifier-explorer-experiment",
        "version": 1,
        "saved": "2026-12-01T00:00:00Z",
        "image": image,
        "edits": [{"visible": True, "edit": occlude}],
        "model": {"name": "EfficientNet-Lite0", "path": "bundled"},
        "predictions": {},
    }
    embedded = {"encoding": "png-base64", "data": base64.b64encode(photo).decode()}
    bomb_embedded = {"encoding": "png-base64", "data": base64.b64encode(bomb_png(100_000, 100_000)).decode()}
    err, ok = "experiment-error", "ok"
    no_kind = "edits[0].edit.kind must be one of the edit kinds"

    def edit(**changes: object) -> dict:
        return {**base, "edits": [{"visible": True, "edit": {**occlude, **changes}}]}

    def edits(*items: object) -> dict:
        return {**base, "edits": list(items)}

    def img(**changes: object) -> dict:
        return {**base, "image": {**image, **changes}}

    region = {"polygons": [[[0.1, 0.1], [0.9, 0.1], [0.5, 0.9]]], "invert": False}
    texture_file = {"kind": "texture-only", "source": {"kind": "file", "path": "../images/plain.png"}, "scale": 0.25}
    docs: dict[str, tuple[object, str, str, str]] = {
        "valid.json": (base, "a valid experiment", ok, ""),
        "valid-embedded.json": ({**base, "image": {"name": "x.png", "embedded": embedded}}, "embedded image", ok, ""),
        "valid-every-kind.json": (
            edits(
                {"visible": True, "edit": occlude},
                {
                    "visible": False,
                    "edit": {"kind": "occlude-brush", "points": [[0.1, 0.1], [0.9, 0.9]], "radius": 0.05},
                },
                {"visible": True, "edit": {"kind": "crop", "x0": 0.1, "y0": 0.1, "x1": 0.9, "y1": 0.9}},
                {"visible": True, "edit": {"kind": "jigsaw", "n": 3, "seed": 4}},
                {"visible": True, "edit": {"kind": "silhouette", "region": region}},
            ),
            "one edit of several kinds",
            ok,
            "",
        ),
        "recorded-model-path.json": (
            {**base, "model": {"name": "x", "path": "../models/nan-output.onnx"}},
            "model.path names another model: not loaded, a note says so",
            ok,
            "it is not loaded",
        ),
        "changed-photo-hash.json": (
            img(sha256="0" * 64),
            "the photo's hash differs (inside the folder)",
            ok,
            "changed",
        ),
        "image-name-escapes.json": (
            {**base, "image": {"name": "\x1b[2J\x1b]0;pwned\x07", "path": "missing.png"}},
            "escape sequences in image.name",
            err,
            "was not found",
        ),
        "image-string.json": ({**base, "image": "photo.png"}, "image is a string", err, "image must be an object"),
        "image-list.json": ({**base, "image": ["photo.png"]}, "image is a list", err, "image must be an object"),
        "image-number.json": ({**base, "image": 7}, "image is a number", err, "image must be an object"),
        "image-true.json": ({**base, "image": True}, "image is true", err, "image must be an object"),
        "image-null.json": ({**base, "image": None}, "image is null", err, "was not found"),
        "image-path-number.json": (img(path=12), "image.path is a number", err, "image.path must be text"),
        "image-path-list.json": (img(path=["a"]), "image.path is a list", err, "image.path must be text"),
        "edits-integer.json": ({**base, "edits": 5}, "edits is an integer", err, "edits must be a list"),
        "edits-string.json": ({**base, "edits": "occlude"}, "edits is a string", err, "edits must be a list"),
        "edits-object.json": ({**base, "edits": {"0": occlude}}, "edits is an object", err, "edits must be a list"),
        "edit-null.json": (edits(None), "an edit entry is null", err, "edits[0] must be an object, not null"),
        "edit-integer.json": (edits(3), "an edit entry is a number", err, "edits[0] must be an object, not 3"),
        "edit-without-edit.json": (edits({"visible": True}), "entry without “edit”", err, "edits[0].edit is missing"),
        "edit-edit-list.json": (edits({"edit": [occlude]}), "“edit” is a list", err, "edits[0].edit must be an object"),
        "edit-edit-null.json": (edits({"edit": None}), "“edit” is null", err, "edits[0].edit must be an object"),
        "kind-missing.json": (edits({"edit": {"x0": 0.1}}), "edit without a kind", err, no_kind),
        "kind-number.json": (edits({"edit": {**occlude, "kind": 4}}), "kind is a number", err, no_kind),
        "kind-unknown.json": (edits({"edit": {"kind": "teleport"}}), "unknown kind", err, no_kind),
        "kind-dunder.json": (edits({"edit": {"kind": "__class__"}}), "kind __class__", err, no_kind),
        "field-unknown.json": (edit(colour="red"), "unknown field (was Occlude.__init__() ...)", err, "no field"),
        "field-missing.json": (
            edits({"edit": {"kind": "occlude", "x0": 0.1, "y0": 0.1, "x1": 0.5}}),
            "missing y1",
            err,
            "edits[0].edit.y1 is missing",
        ),
        "x0-string.json": (
            edit(x0="0.1"),
            "coordinate is a string",
            err,
            'x0 must be a number between 0 and 1, not "0.1',
        ),
        "x0-null.json": (edit(x0=None), "coordinate is null", err, "edits[0].edit.x0 must be a number"),
        "x0-list.json": (edit(x0=[0.1]), "coordinate is a list", err, "edits[0].edit.x0 must be a number"),
        "x0-object.json": (edit(x0={"a": 1}), "coordinate is an object", err, "edits[0].edit.x0 must be a number"),
        "x0-huge-int.json": (edit(x0=2**70), "coordinate 2^70", err, "edits[0].edit.x0 must be a number"),
        "x0-negative.json": (edit(x0=-0.5), "coordinate below 0", err, "between 0 and 1, not -0.5"),
        "x0-out-of-bounds.json": (edit(x1=1.7), "coordinate above 1", err, "between 0 and 1, not 1.7"),
        "fill-unknown.json": (edit(fill="lava"), "unknown fill", err, "edits[0].edit.fill must be one of grey"),
        "fill-number.json": (edit(fill=3), "fill is a number", err, "edits[0].edit.fill must be one of grey"),
        "shape-unknown.json": (edit(shape="star"), "unknown occluder shape", err, "one of rect, ellipse"),
        "visible-string.json": (
            edits({"visible": "false", "edit": occlude}),
            "visible is the string 'false' (was applied)",
            err,
            "edits[0].visible must be true or false",
        ),
        "visible-number.json": (edits({"visible": 0, "edit": occlude}), "visible is 0", err, "true or false"),
        "crop-huge-int.json": (
            edits({"edit": {"kind": "crop", "x0": 0, "y0": 0, "x1": 2**64, "y1": 2**64}}),
            "crop to 2^64",
            err,
            "edits[0].edit.x1 must be a number",
        ),
        "crop-zero-area.json": (
            edits({"edit": {"kind": "crop", "x0": 0.5, "y0": 0.5, "x1": 0.5, "y1": 0.5}}),
            "crop of zero area",
            err,
            "edits[0].edit: the crop box",
        ),
        "jigsaw-huge-n.json": (edits({"edit": {"kind": "jigsaw", "n": 2**64}}), "jigsaw n = 2^64", err, "jigsaw"),
        "jigsaw-huge-seed.json": (edits({"edit": {"kind": "jigsaw", "n": 3, "seed": 2**70}}), "seed 2^70", err, "seed"),
        "jigsaw-n-string.json": (edits({"edit": {"kind": "jigsaw", "n": "3"}}), "jigsaw n string", err, "jigsaw"),
        "move-part-huge.json": (
            edits({"edit": {"kind": "move-part", "x0": 0, "y0": 0, "x1": 0.5, "y1": 0.5, "to_x": 2**64, "to_y": 0}}),
            "move a part to 2^64",
            err,
            "move-part",
        ),
        "brush-no-points.json": (edits({"edit": {"kind": "occlude-brush", "points": []}}), "no points", err, "brush"),
        "brush-string-points.json": (
            edits({"edit": {"kind": "occlude-brush", "points": "abc"}}),
            "points is a string",
            err,
            "edits[0].edit.points must be a list",
        ),
        "brush-radius-zero.json": (
            edits({"edit": {"kind": "occlude-brush", "points": [[0.5, 0.5]], "radius": 0}}),
            "radius 0",
            err,
            "radius",
        ),
        "silhouette-region-string.json": (
            edits({"edit": {"kind": "silhouette", "region": "all"}}),
            "region is a string",
            err,
            "silhouette",
        ),
        "silhouette-two-points.json": (
            edits({"edit": {"kind": "silhouette", "region": {"polygons": [[[0, 0], [1, 1]]]}}}),
            "a polygon of two points",
            err,
            "silhouette",
        ),
        "texture-scale-zero.json": (
            edits({"edit": {"kind": "texture-only", "source": {"kind": "patch", "box": [0, 0, 0.5, 0.5]}, "scale": 0}}),
            "texture scale 0",
            err,
            "edits[0].edit.scale must be a number between 0.01 and 4",
        ),
        "texture-file-outside.json": (edits({"edit": texture_file}), "texture file outside the folder", err, "outside"),
        "texture-file-passwd.json": (
            edits({"edit": {**texture_file, "source": {"kind": "file", "path": "/etc/passwd"}}}),
            "texture file /etc/passwd",
            err,
            "outside",
        ),
        "texture-library-unknown.json": (
            edits({"edit": {"kind": "texture-only", "source": {"kind": "library", "name": "\x1b[31mred"}}}),
            "unknown library texture with an escape sequence",
            err,
            "edits[0].edit.source: there is no texture",
        ),
        "model-string.json": ({**base, "model": "bundled"}, "model is a string", err, "model must be an object"),
        "model-list.json": ({**base, "model": ["bundled"]}, "model is a list", err, "model must be an object"),
        "predictions-list.json": ({**base, "predictions": [1]}, "predictions is a list", err, "predictions must be"),
        "predictions-number.json": ({**base, "predictions": 0.5}, "predictions is a number", err, "predictions must"),
        "embedded-integer.json": (
            {**base, "image": {"name": "x", "embedded": 5}},
            "embedded is an integer",
            err,
            "image.embedded must be an object",
        ),
        "embedded-list.json": (
            {**base, "image": {"name": "x", "embedded": [1]}},
            "embedded is a list",
            err,
            "embedded mu",
        ),
        "embedded-data-integer.json": (
            {**base, "image": {"name": "x", "embedded": {"encoding": "png-base64", "data": 5}}},
            "embedded data is an integer",
            err,
            "damaged",
        ),
        "embedded-bad-base64.json": (
            {**base, "image": {"name": "x", "embedded": {"encoding": "png-base64", "data": "***"}}},
            "embedded data is not base64",
            err,
            "damaged",
        ),
        "embedded-bomb.json": (
            {**base, "image": {"name": "x", "embedded": bomb_embedded}},
            "embedded PNG declaring 100,000 x 100,000",
            err,
            "too large",
        ),
        "format-missing.json": ({k: v for k, v in base.items() if k != "format"}, "no format", err, "not a Classifier"),
        "format-wrong.json": ({**base, "format": "something-else"}, "another format", err, "not a Classifier"),
        "version-true.json": ({**base, "version": True}, "version true (was accepted)", err, "version true"),
        "version-float.json": ({**base, "version": 1.0}, "version 1.0 (was accepted)", err, "version 1.0"),
        "version-string.json": ({**base, "version": "1"}, "version as a string", err, 'version "1"'),
        "version-newer.json": ({**base, "version": 2}, "a newer version", err, "newer app"),
        "version-huge.json": ({**base, "version": 10**400}, "a 400-digit version", err, "version"),
        "top-level-list.json": ([base], "a list at the top", err, "not a Classifier"),
        "top-level-string.json": ("hello", "a string at the top", err, "not a Classifier"),
        "long-path.json": (
            img(path="a/" * 5000 + "x.png", absolute_path=None),
            "a 10,000-character path",
            err,
            "image.path is 10,005 characters long; the limit is 4,096",
        ),
        # enough ../ to reach / from any checkout's depth (climbing past / stays there), so /etc/passwd is found
        "path-traversal.json": (img(path="../" * 40 + "etc/passwd"), "../ to /etc/passwd", err, "outside"),
        "absolute-shadow.json": (img(path="gone.png", absolute_path="/etc/shadow"), "/etc/shadow", err, ""),
        "proc-environ.json": (img(path="gone.png", absolute_path="/proc/self/environ"), "/proc/self/environ", err, ""),
        "dev-zero.json": (img(path="gone.png", absolute_path="/dev/zero"), "/dev/zero as the image", err, "device"),
        "image-folder.json": (img(path="."), "the image is a folder", err, "folder"),
        "image-is-experiment.json": (
            img(path="valid.json", sha256=None),
            "the image is a JSON file",
            err,
            "not an image",
        ),
        "name-too-long.json": (img(name="n" * 5000), "image.name of 5,000 characters", err, "the limit is 1,000"),
        "nested-20-deep.json": (
            {**base, "predictions": {"top": [functools.reduce(lambda inner, _: [inner], range(20), 0)]}},
            "a recorded prediction nested 20 deep",
            err,
            "nested too deeply (more than 16 levels",
        ),
        "polygon-point-string.json": (
            edits({"edit": {"kind": "silhouette", "region": {"polygons": [[[0.1, 0.1], [0.9, "0.1"], [0.5, 0.9]]]}}}),
            "a polygon's coordinate is a string",
            err,
            "edits[0].edit.region.polygons[0][1][1] must be a number between 0 and 1",
        ),
        "embedded-encoding-unknown.json": (
            {**base, "image": {"name": "x", "embedded": {**embedded, "encoding": "jpeg-base64"}}},
            "an unknown embedding",
            err,
            "image.embedded.encoding must be one of png-base64",
        ),
        "prediction-label-number.json": (
            {**base, "predictions": {"top": [{"index": 1, "label": 5, "probability": 0.5}]}},
            "a recorded label is a number",
            err,
            "predictions.top[0].label must be text",
        ),
        "texture-data-number.json": (
            edits({"edit": {"kind": "texture-only", "source": {"kind": "file", "path": "x.png", "data": 5}}}),
            "an embedded texture is a number",
            err,
            "edits[0].edit.source.data must be base64 text",
        ),
        "visible-missing.json": (edits({"edit": occlude}), "an entry without “visible” (shown)", ok, ""),
        "unknown-keys.json": (
            {**base, "comment": {"x": [1]}, "model": {"name": "m", "notes": [[[]]]}},
            "fields this app does not know (ignored)",
            ok,
            "",
        ),
        "nan-constant.json": (
            '{"format": "classifier-explorer-experiment", "version": NaN}',
            "NaN",
            err,
            "readable JSON",
        ),
    }
    for name, (doc, what, expect, phrase) in docs.items():
        data = doc.encode() if isinstance(doc, str) and name == "nan-constant.json" else json.dumps(doc).encode()
        case("experiments", name, data, what, expect, phrase)
    raw: dict[str, tuple[bytes, str, str, str]] = {
        "empty.json": (b"", "zero bytes", err, "readable JSON"),
        "not-json.json": (b"{oops", "broken JSON", err, "readable JSON"),
        "utf16.json": (json.dumps(base).encode("utf-16"), "UTF-16 text", err, "readable JSON"),
        "invalid-utf8.json": (b'{"format": "\xff\xfe"}', "invalid UTF-8", err, "readable JSON"),
        "deep-nesting.json": (b"[" * 20_000 + b"]" * 20_000, "lists nested 20,000 deep", err, "nested too deeply"),
        "deep-nesting-in-edit.json": (
            json.dumps(base).encode()[:-1] + b', "extra": ' + b'{"a":' * 10_000 + b"1" + b"}" * 10_000 + b"}",
            "objects nested 10,000 deep inside the file",
            err,
            "nested too deeply",
        ),
    }
    for name, (data, what, expect, phrase) in raw.items():
        case("experiments", name, data, what, expect, phrase)


def main() -> int:
    """Writes the corpus and its manifest (replacing what was there)."""
    for kind in ("images", "models", "experiments"):  # crashers/ holds what the fuzzers found: it stays
        if (OUT / kind).exists():
            shutil.rmtree(OUT / kind)
    for make in (make_images, make_models, make_experiments):
        make()
    counts = {kind: sum(1 for c in CASES if c["kind"] == kind) for kind in ("image", "model", "experiment")}
    manifest = {"counts": counts, "cases": CASES}
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=True) + "\n", encoding="utf-8")
    total = sum(path.stat().st_size for path in OUT.rglob("*") if path.is_file())
    print(f"wrote {len(CASES)} cases ({counts}) in {OUT}, {total / 2**20:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
