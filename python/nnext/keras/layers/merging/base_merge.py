"""`Merge`: the base of the layers that combine a list of same-shaped inputs elementwise."""

from nnext.keras.layers.layer import Layer


class Merge(Layer):
    """Combines a list of at least two inputs; subclasses say how in `_merge_function`.

    Shapes must agree except where one of them is 1 (NumPy broadcasting) or unknown.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def build(self, input_shape):
        if (
            not isinstance(input_shape, (list, tuple))
            or not input_shape
            or not isinstance(input_shape[0], (list, tuple))
        ):
            raise ValueError(
                f"A merge layer should be called on a list of inputs. Received: "
                f"input_shape={input_shape} (not a list of shapes)"
            )
        if len(input_shape) < 1:
            raise ValueError(
                "A merge layer should be called on a list of at least 1 input. "
                f"Got {len(input_shape)} inputs. Full input_shape received: {input_shape}"
            )
        self.compute_output_shape(input_shape)  # checks that the shapes are compatible
        super().build(input_shape)

    def call(self, inputs):
        return self._merge_function(list(inputs))

    def _merge_function(self, inputs):
        raise NotImplementedError

    def compute_output_shape(self, input_shape):
        output = tuple(input_shape[0])
        for shape in input_shape[1:]:
            output = self._broadcast_shapes(output, tuple(shape), input_shape)
        return output

    def _broadcast_shapes(self, a, b, all_shapes):
        if len(a) < len(b):
            a, b = b, a
        b = (1,) * (len(a) - len(b)) + b
        out = []
        for x, y in zip(a, b):
            if x is None or y is None:
                out.append(None if x in (None, 1) and y in (None, 1) else (x or y))
            elif x == 1 or y == 1 or x == y:
                out.append(max(x, y))
            else:
                raise ValueError(
                    f"Inputs have incompatible shapes. Received shapes {a} and {b} "
                    f"(layer '{self.name}', all input shapes: {list(all_shapes)})"
                )
        return tuple(out)
