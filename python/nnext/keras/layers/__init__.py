"""Layers (`keras.layers`): the `Layer` base class and the built-in layers."""

from nnext.keras.layers.activations.activation import Activation
from nnext.keras.layers.activations.elu import ELU
from nnext.keras.layers.activations.leaky_relu import LeakyReLU
from nnext.keras.layers.activations.prelu import PReLU
from nnext.keras.layers.activations.relu import ReLU
from nnext.keras.layers.activations.softmax import Softmax
from nnext.keras.layers.attention import (
    AdditiveAttention,
    Attention,
    GroupQueryAttention,
    MultiHeadAttention,
)

# The class's own name, which .keras files record (Keras exports it as GroupQueryAttention).
from nnext.keras.layers.attention.grouped_query_attention import (  # noqa: F401
    GroupedQueryAttention,
)
from nnext.keras.layers.convolutional.conv import Conv1D, Conv2D, Conv3D
from nnext.keras.layers.convolutional.conv_transpose import (
    Conv1DTranspose,
    Conv2DTranspose,
    Conv3DTranspose,
)
from nnext.keras.layers.convolutional.depthwise_conv import (
    DepthwiseConv1D,
    DepthwiseConv2D,
    SeparableConv1D,
    SeparableConv2D,
)
from nnext.keras.layers.core.dense import Dense
from nnext.keras.layers.core.einsum_dense import EinsumDense
from nnext.keras.layers.core.embedding import Embedding
from nnext.keras.layers.core.identity import Identity
from nnext.keras.layers.core.input_layer import Input, InputLayer
from nnext.keras.layers.core.lambda_layer import Lambda
from nnext.keras.layers.core.masking import Masking
from nnext.keras.layers.core.reversible_embedding import ReversibleEmbedding
from nnext.keras.layers.core.wrapper import Wrapper
from nnext.keras.layers.input_spec import InputSpec
from nnext.keras.layers.layer import Layer
from nnext.keras.layers.merging.concatenate import Concatenate, concatenate
from nnext.keras.layers.merging.dot import Dot, dot
from nnext.keras.layers.merging.elementwise import (
    Add,
    Average,
    Maximum,
    Minimum,
    Multiply,
    Subtract,
    add,
    average,
    maximum,
    minimum,
    multiply,
    subtract,
)
from nnext.keras.layers.normalization import (  # the normalization family
    BatchNormalization,
    GroupNormalization,
    LayerNormalization,
    RMSNormalization,
    UnitNormalization,
)
from nnext.keras.layers.normalization.spectral_normalization import SpectralNormalization
from nnext.keras.layers.pooling.adaptive_pooling import (
    AdaptiveAveragePooling1D,
    AdaptiveAveragePooling2D,
    AdaptiveAveragePooling3D,
    AdaptiveMaxPooling1D,
    AdaptiveMaxPooling2D,
    AdaptiveMaxPooling3D,
)
from nnext.keras.layers.pooling.global_pooling import (
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalAveragePooling3D,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    GlobalMaxPooling3D,
)
from nnext.keras.layers.pooling.pooling import (
    AveragePooling1D,
    AveragePooling2D,
    AveragePooling3D,
    MaxPooling1D,
    MaxPooling2D,
    MaxPooling3D,
)
from nnext.keras.layers.preprocessing import (
    CategoryEncoding,
    Discretization,
    Normalization,
    Pipeline,
    Rescaling,
)
from nnext.keras.layers.preprocessing.audio import MelSpectrogram, STFTSpectrogram
from nnext.keras.layers.preprocessing.image import (  # image preprocessing and augmentation
    AugMix,
    AutoContrast,
    CenterCrop,
    ContrastLimitedAdaptiveHistogramEqualization,
    CutMix,
    Equalization,
    MixUp,
    RandAugment,
    RandomBrightness,
    RandomColorDegeneration,
    RandomColorJitter,
    RandomContrast,
    RandomCrop,
    RandomElasticTransform,
    RandomErasing,
    RandomFlip,
    RandomGaussianBlur,
    RandomGrayscale,
    RandomHue,
    RandomInvert,
    RandomPerspective,
    RandomPosterization,
    RandomRotation,
    RandomSaturation,
    RandomSharpness,
    RandomShear,
    RandomTranslation,
    RandomZoom,
    Resizing,
    Solarization,
)
from nnext.keras.layers.preprocessing.text import (  # strings: hashing, lookups, text
    HashedCrossing,
    Hashing,
    IntegerLookup,
    StringLookup,
    TextVectorization,
)
from nnext.keras.layers.regularization.activity_regularization import ActivityRegularization
from nnext.keras.layers.regularization.alpha_dropout import AlphaDropout
from nnext.keras.layers.regularization.dropout import Dropout
from nnext.keras.layers.regularization.gaussian_dropout import GaussianDropout
from nnext.keras.layers.regularization.gaussian_noise import GaussianNoise
from nnext.keras.layers.regularization.spatial_dropout import (
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
)
from nnext.keras.layers.reshaping.cropping import Cropping1D, Cropping2D, Cropping3D
from nnext.keras.layers.reshaping.flatten import Flatten
from nnext.keras.layers.reshaping.permute import Permute
from nnext.keras.layers.reshaping.repeat_vector import RepeatVector
from nnext.keras.layers.reshaping.reshape import Reshape
from nnext.keras.layers.reshaping.up_sampling import UpSampling1D, UpSampling2D, UpSampling3D
from nnext.keras.layers.reshaping.zero_padding import ZeroPadding1D, ZeroPadding2D, ZeroPadding3D
from nnext.keras.layers.rnn import (  # the recurrent family
    GRU,
    LSTM,
    RNN,
    Bidirectional,
    GRUCell,
    LSTMCell,
    SimpleRNN,
    SimpleRNNCell,
    StackedRNNCells,
    TimeDistributed,
)
from nnext.keras.layers.rnn.conv_lstm import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D

# Keras's alternative names for the same classes.
Convolution1DTranspose = Conv1DTranspose
Convolution1D, Convolution2D, Convolution3D = Conv1D, Conv2D, Conv3D
Convolution2DTranspose, Convolution3DTranspose = Conv2DTranspose, Conv3DTranspose
SeparableConvolution1D, SeparableConvolution2D = SeparableConv1D, SeparableConv2D
MaxPool1D, MaxPool2D, MaxPool3D = MaxPooling1D, MaxPooling2D, MaxPooling3D
AvgPool1D, AvgPool2D, AvgPool3D = AveragePooling1D, AveragePooling2D, AveragePooling3D
GlobalMaxPool1D, GlobalMaxPool2D, GlobalMaxPool3D = (
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    GlobalMaxPooling3D,
)
GlobalAvgPool1D, GlobalAvgPool2D, GlobalAvgPool3D = (
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalAveragePooling3D,
)

__all__ = [
    "Activation",
    "Dense",
    "Dropout",
    "Flatten",
    "Input",
    "InputLayer",
    "Layer",
    "LeakyReLU",
    "ReLU",
    "Softmax",
    "deserialize",
    "serialize",
]
__all__ += [
    "BatchNormalization",
    "GroupNormalization",
    "LayerNormalization",
    "RMSNormalization",
    "UnitNormalization",
]
__all__ += [
    "ELU",
    "ActivityRegularization",
    "AlphaDropout",
    "GaussianDropout",
    "GaussianNoise",
    "PReLU",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "SpatialDropout3D",
]
__all__ += ["CategoryEncoding", "Discretization", "Normalization", "Rescaling"]
__all__ += ["AdditiveAttention", "Attention", "EinsumDense", "Masking", "MultiHeadAttention"]
__all__ += ["SpectralNormalization", "Wrapper"]
__all__ += ["GroupQueryAttention", "Pipeline"]

__all__ += [  # the functional API's layers
    "Add",
    "Average",
    "Concatenate",
    "Dot",
    "Identity",
    "InputSpec",
    "Lambda",
    "Maximum",
    "Minimum",
    "Multiply",
    "Permute",
    "RepeatVector",
    "Reshape",
    "Subtract",
    "add",
    "average",
    "concatenate",
    "dot",
    "maximum",
    "minimum",
    "multiply",
    "subtract",
]

__all__ += [  # convolution, pooling and the spatial reshaping layers
    "AveragePooling1D",
    "AveragePooling2D",
    "AveragePooling3D",
    "AvgPool1D",
    "AvgPool2D",
    "AvgPool3D",
    "Conv1D",
    "Conv1DTranspose",
    "Conv2D",
    "Conv2DTranspose",
    "Conv3D",
    "Conv3DTranspose",
    "Convolution1D",
    "Convolution2D",
    "Convolution2DTranspose",
    "Convolution3D",
    "Convolution3DTranspose",
    "Cropping1D",
    "Cropping2D",
    "Cropping3D",
    "DepthwiseConv1D",
    "DepthwiseConv2D",
    "GlobalAveragePooling1D",
    "GlobalAveragePooling2D",
    "GlobalAveragePooling3D",
    "GlobalAvgPool1D",
    "GlobalAvgPool2D",
    "GlobalAvgPool3D",
    "GlobalMaxPool1D",
    "GlobalMaxPool2D",
    "GlobalMaxPool3D",
    "GlobalMaxPooling1D",
    "GlobalMaxPooling2D",
    "GlobalMaxPooling3D",
    "MaxPool1D",
    "MaxPool2D",
    "MaxPool3D",
    "MaxPooling1D",
    "MaxPooling2D",
    "MaxPooling3D",
    "SeparableConv1D",
    "SeparableConv2D",
    "SeparableConvolution1D",
    "SeparableConvolution2D",
    "UpSampling1D",
    "UpSampling2D",
    "UpSampling3D",
    "ZeroPadding1D",
    "ZeroPadding2D",
    "ZeroPadding3D",
]

__all__ += [  # embedding and the recurrent family
    "GRU",
    "LSTM",
    "RNN",
    "Bidirectional",
    "Embedding",
    "GRUCell",
    "LSTMCell",
    "SimpleRNN",
    "SimpleRNNCell",
    "StackedRNNCells",
    "TimeDistributed",
]

__all__ += ["ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"]
__all__ += ["Convolution1DTranspose", "MelSpectrogram", "ReversibleEmbedding", "STFTSpectrogram"]
__all__ += [
    "AdaptiveAveragePooling1D",
    "AdaptiveAveragePooling2D",
    "AdaptiveAveragePooling3D",
    "AdaptiveMaxPooling1D",
    "AdaptiveMaxPooling2D",
    "AdaptiveMaxPooling3D",
]
__all__ += [  # strings: hashing, lookups, text
    "HashedCrossing",
    "Hashing",
    "IntegerLookup",
    "StringLookup",
    "TextVectorization",
]
__all__ += [  # image preprocessing and augmentation
    "AugMix",
    "AutoContrast",
    "CenterCrop",
    "ContrastLimitedAdaptiveHistogramEqualization",
    "CutMix",
    "Equalization",
    "MixUp",
    "RandAugment",
    "RandomBrightness",
    "RandomColorDegeneration",
    "RandomColorJitter",
    "RandomContrast",
    "RandomCrop",
    "RandomElasticTransform",
    "RandomErasing",
    "RandomFlip",
    "RandomGaussianBlur",
    "RandomGrayscale",
    "RandomHue",
    "RandomInvert",
    "RandomPerspective",
    "RandomPosterization",
    "RandomRotation",
    "RandomSaturation",
    "RandomSharpness",
    "RandomShear",
    "RandomTranslation",
    "RandomZoom",
    "Resizing",
    "Solarization",
]


def serialize(layer):
    """The `{"module", "class_name", "config", "registered_name"}` dict Keras stores for a
    layer (plus `build_config`): `module` is 'keras.layers' for nnext's own layers and the
    defining module for a layer class of the user's own, as in Keras."""
    from nnext.keras.saving import serialize_keras_object

    return serialize_keras_object(layer)


def deserialize(config, custom_objects=None):
    """Re-creates a layer from `serialize`'s dict: built-in classes, `custom_objects`, or
    classes registered with `register_keras_serializable`."""
    from nnext.keras.saving import deserialize_keras_object

    return deserialize_keras_object(config, custom_objects)
