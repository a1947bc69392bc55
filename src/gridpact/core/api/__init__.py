"""The API base every app builds its API on: viewset, pagination, problem answers, schema helpers."""
