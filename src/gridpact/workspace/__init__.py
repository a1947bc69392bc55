"""The workspace: what puts several apps side by side, on top of every domain app.

The pages that combine apps (Mijn werk, the project page, a programme's overview) and the
demonstration data for the whole workspace live here, so that no domain app has to import an app
above it. See docs/architecture.md for the layers.
"""
