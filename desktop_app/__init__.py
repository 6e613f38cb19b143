"""Classifier Explorer: what does an ImageNet classifier look at?"""

import os

# ONNX Runtime writes telemetry files under ~/.cache/Microsoft/DeveloperTools/.onnxruntime/ and looks up Microsoft's
# event servers unless this is set before it is loaded; every entry point imports this package first.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"
