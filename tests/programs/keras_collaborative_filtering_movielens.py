"""Keras example "Collaborative Filtering for Movie Recommendations"
(keras.io/examples/structured_data/collaborative_filtering_movielens): users and movies
encoded as integer indices with pandas, a subclassed RecommenderNet model (user and movie
Embeddings with he_normal initialisers and l2 regularisers, per-user and per-movie bias
Embeddings, `tf.tensordot` and `tf.nn.sigmoid`) trained with fit on ratings normalised to
[0, 1], then predict ranks the movies a user has not watched.

Changed from the example: the imports; the data (no network here): MovieLens-shaped
`ratings.csv` and `movies.csv` tables built as pandas DataFrames in place of the download,
with ratings (0.5 to 5 in half steps) drawn from hidden user tastes and movie genres, so
there is something to learn; the sizes shrink (100 users, 150 movies, 20,000 ratings); the
loss plot (matplotlib) is left out.
"""

import numpy as np
import pandas as pd

import nnext as tf
from nnext import keras
from nnext.keras import layers

GENRES = ["Action", "Comedy", "Drama", "Horror", "Romance", "Sci-Fi"]


def synthetic_movielens(num_users, num_movies, num_ratings, rng):
    """MovieLens-like tables: non-contiguous ids, titles and genres, and ratings a user gives
    more highly to movies of the genres they like."""
    movie_genre = rng.integers(len(GENRES), size=num_movies)
    movie_quality = rng.normal(0.0, 0.6, num_movies)
    taste = rng.normal(0.0, 1.0, (num_users, len(GENRES)))
    user = rng.integers(num_users, size=num_ratings)
    movie = rng.integers(num_movies, size=num_ratings)
    score = (
        3.2
        + taste[user, movie_genre[movie]]
        + movie_quality[movie]
        + rng.normal(0, 0.3, num_ratings)
    )
    ratings = pd.DataFrame(
        {
            "userId": 1 + 3 * user,
            "movieId": 10 + 7 * movie,
            "rating": np.clip(np.round(score * 2) / 2, 0.5, 5.0),
            "timestamp": 964982703 + rng.integers(10**6, size=num_ratings),
        }
    ).drop_duplicates(["userId", "movieId"])
    movies = pd.DataFrame(
        {
            "movieId": 10 + 7 * np.arange(num_movies),
            "title": [f"Movie {i} ({1950 + i % 70})" for i in range(num_movies)],
            "genres": [GENRES[g] for g in movie_genre],
        }
    )
    return ratings, movies


rng = np.random.default_rng(0)
df, movie_df = synthetic_movielens(num_users=100, num_movies=150, num_ratings=20000, rng=rng)

user_ids = df["userId"].unique().tolist()
user2user_encoded = {x: i for i, x in enumerate(user_ids)}
userencoded2user = {i: x for i, x in enumerate(user_ids)}
movie_ids = df["movieId"].unique().tolist()
movie2movie_encoded = {x: i for i, x in enumerate(movie_ids)}
movie_encoded2movie = {i: x for i, x in enumerate(movie_ids)}
df["user"] = df["userId"].map(user2user_encoded)
df["movie"] = df["movieId"].map(movie2movie_encoded)

num_users = len(user2user_encoded)
num_movies = len(movie_encoded2movie)
df["rating"] = df["rating"].values.astype(np.float32)
# min and max ratings will be used to normalize the ratings later
min_rating = min(df["rating"])
max_rating = max(df["rating"])

print(
    "Number of users: {}, Number of Movies: {}, Min rating: {}, Max rating: {}".format(
        num_users, num_movies, min_rating, max_rating
    )
)

df = df.sample(frac=1, random_state=42)
x = df[["user", "movie"]].values
# Normalize the targets between 0 and 1. Makes it easy to train.
y = df["rating"].apply(lambda x: (x - min_rating) / (max_rating - min_rating)).values
# Assuming training on 90% of the data and validating on 10%.
train_indices = int(0.9 * df.shape[0])
x_train, x_val, y_train, y_val = (
    x[:train_indices],
    x[train_indices:],
    y[:train_indices],
    y[train_indices:],
)

EMBEDDING_SIZE = 50


class RecommenderNet(keras.Model):
    def __init__(self, num_users, num_movies, embedding_size, **kwargs):
        super().__init__(**kwargs)
        self.num_users = num_users
        self.num_movies = num_movies
        self.embedding_size = embedding_size
        self.user_embedding = layers.Embedding(
            num_users,
            embedding_size,
            embeddings_initializer="he_normal",
            embeddings_regularizer=keras.regularizers.l2(1e-6),
        )
        self.user_bias = layers.Embedding(num_users, 1)
        self.movie_embedding = layers.Embedding(
            num_movies,
            embedding_size,
            embeddings_initializer="he_normal",
            embeddings_regularizer=keras.regularizers.l2(1e-6),
        )
        self.movie_bias = layers.Embedding(num_movies, 1)

    def call(self, inputs):
        user_vector = self.user_embedding(inputs[:, 0])
        user_bias = self.user_bias(inputs[:, 0])
        movie_vector = self.movie_embedding(inputs[:, 1])
        movie_bias = self.movie_bias(inputs[:, 1])
        dot_user_movie = tf.tensordot(user_vector, movie_vector, 2)
        # Add all the components (including bias)
        x = dot_user_movie + user_bias + movie_bias
        # The sigmoid activation forces the rating to between 0 and 1
        return tf.nn.sigmoid(x)


model = RecommenderNet(num_users, num_movies, EMBEDDING_SIZE)
model.compile(
    loss=tf.keras.losses.BinaryCrossentropy(),
    optimizer=keras.optimizers.Adam(learning_rate=0.001),
)

history = model.fit(
    x=x_train,
    y=y_train,
    batch_size=64,
    epochs=5,
    verbose=1,
    validation_data=(x_val, y_val),
)

# Let us get a user and see the top recommendations.
user_id = df.userId.sample(1).iloc[0]
movies_watched_by_user = df[df.userId == user_id]
movies_not_watched = movie_df[~movie_df["movieId"].isin(movies_watched_by_user.movieId.values)][
    "movieId"
]
movies_not_watched = list(set(movies_not_watched).intersection(set(movie2movie_encoded.keys())))
movies_not_watched = [[movie2movie_encoded.get(x)] for x in movies_not_watched]
user_encoder = user2user_encoded.get(user_id)
user_movie_array = np.hstack(([[user_encoder]] * len(movies_not_watched), movies_not_watched))
ratings = model.predict(user_movie_array).flatten()
top_ratings_indices = ratings.argsort()[-10:][::-1]
recommended_movie_ids = [
    movie_encoded2movie.get(movies_not_watched[x][0]) for x in top_ratings_indices
]

print("Showing recommendations for user: {}".format(user_id))
print("====" * 9)
print("Movies with high ratings from user")
print("----" * 8)
top_movies_user = (
    movies_watched_by_user.sort_values(by="rating", ascending=False).head(5).movieId.values
)
movie_df_rows = movie_df[movie_df["movieId"].isin(top_movies_user)]
for row in movie_df_rows.itertuples():
    print(row.title, ":", row.genres)

print("----" * 8)
print("Top 10 movie recommendations")
print("----" * 8)
recommended_movies = movie_df[movie_df["movieId"].isin(recommended_movie_ids)]
for row in recommended_movies.itertuples():
    print(row.title, ":", row.genres)

# What the example shows: training and validation loss fall, and predict scores every unseen
# movie for the user in [0, 1], from which ten are recommended.
assert history.history["loss"][-1] < history.history["loss"][0], history.history
assert history.history["val_loss"][-1] < history.history["val_loss"][0], history.history
assert ratings.shape == (len(movies_not_watched),)
assert ((ratings > 0) & (ratings < 1)).all()
assert len(recommended_movies) == 10
