"""The Learning rate & optimizers lab: its settings, charts, sentences and page sections."""
