"""`keras.preprocessing.image`: the image helpers of `keras.utils` under Keras 3's
`keras.preprocessing.image` names."""

from nnext.keras.utils.image_utils import array_to_img, img_to_array, load_img, save_img

__all__ = ["array_to_img", "img_to_array", "load_img", "save_img"]
