"""科技日报 regional news bot: corpus ingest, understanding, answering engine and front-ends."""

__version__ = "0.1.0"
