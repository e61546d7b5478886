"""Exporting models for inference elsewhere (`Model.export`): ONNX."""

from nnext.keras.export.onnx import export_onnx

__all__ = ["export_onnx"]
