"""The VGG network (Simonyan & Zisserman, ICLR 2015) that `vgg16` and `vgg19` instantiate:
five blocks of 3x3 ReLU convolutions, each ending in 2x2 max pooling."""

from nnext.keras import layers
from nnext.keras.applications import _model_io

_BASE = "https://storage.googleapis.com/tensorflow/keras-applications/"
_FILTERS = (64, 128, 256, 512, 512)


def vgg(
    convs_per_block,
    weights_name,
    hashes,
    include_top,
    weights,
    input_tensor,
    input_shape,
    pooling,
    classes,
    classifier_activation,
    name,
):
    """VGG with `convs_per_block[i]` convolutions in block i+1; `hashes` are the md5 of the
    ImageNet files (with the classifier, without it)."""
    _model_io.check_weights_arg(weights, include_top, classes)
    img_input = _model_io.image_input(input_tensor, input_shape, 224, 32, include_top, weights)
    x = img_input
    for block, (filters, convs) in enumerate(zip(_FILTERS, convs_per_block), start=1):
        for i in range(1, convs + 1):
            x = layers.Conv2D(
                filters, (3, 3), activation="relu", padding="same", name=f"block{block}_conv{i}"
            )(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name=f"block{block}_pool")(x)
    if include_top:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(4096, activation="relu", name="fc1")(x)
        x = layers.Dense(4096, activation="relu", name="fc2")(x)
    # Keras names VGG's feature pooling automatically.
    x = _model_io.classifier_or_pooling(
        x,
        include_top,
        pooling,
        classes,
        classifier_activation,
        weights,
        pool_names=(None, None),
        top_pool=False,
    )
    suffix = "" if include_top else "_notop"
    file_name = f"{weights_name}_weights_tf_dim_ordering_tf_kernels{suffix}.h5"
    imagenet_file = (
        f"{_BASE}{weights_name}/{file_name}",
        file_name,
        hashes[0 if include_top else 1],
    )
    return _model_io.finish(img_input, input_tensor, x, name, weights, imagenet_file)
